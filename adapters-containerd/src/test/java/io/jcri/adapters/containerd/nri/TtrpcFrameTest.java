package io.jcri.adapters.containerd.nri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.ttrpc.api.Request;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TtrpcFrameTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void encodesTheTenByteHeaderBigEndianThenThePayload() {
        TtrpcFrame f = new TtrpcFrame(5, TtrpcFrame.RESPONSE, (byte) 0, new byte[] {'a', 'b', 'c'});
        assertThat(HEX.formatHex(f.encode())).isEqualTo("00000003" + "00000005" + "02" + "00" + "616263");
    }

    @Test
    void readsAFrameFromBytes() throws IOException {
        byte[] wire = HEX.parseHex("00000002" + "00000007" + "01" + "04" + "ffee" + "00000000" + "0000000b0200");
        ByteArrayInputStream in = new ByteArrayInputStream(wire);
        TtrpcFrame first = TtrpcFrame.read(in);
        assertThat(first.payload()).containsExactly(0xff, 0xee);
        assertThat(first.streamId()).isEqualTo(7);
        assertThat(first.type()).isEqualTo(TtrpcFrame.REQUEST);
        assertThat(first.flags()).isEqualTo((byte) 4);
        TtrpcFrame empty = TtrpcFrame.read(in);
        assertThat(empty.payload()).isEmpty();
        assertThat(empty.streamId()).isEqualTo(11);
        assertThat(empty.type()).isEqualTo(TtrpcFrame.RESPONSE);
        assertThatThrownBy(() -> TtrpcFrame.read(in)).isInstanceOf(EOFException.class);
    }

    @Test
    void aStreamIdAboveTwoToTheThirtyOneStaysUnsignedOnTheWire() throws IOException {
        TtrpcFrame f = TtrpcFrame.read(new ByteArrayInputStream(HEX.parseHex("00000000" + "fffffffd" + "0100")));
        assertThat(Integer.toUnsignedLong(f.streamId())).isEqualTo(0xfffffffdL);
        assertThat(HEX.formatHex(f.encode())).isEqualTo("00000000fffffffd0100");
    }

    @Test
    void aFrameCutShortIsAnErrorNotACleanEnd() {
        byte[] cut = HEX.parseHex("00000004" + "00000001" + "0100" + "6162");
        assertThatThrownBy(() -> TtrpcFrame.read(new ByteArrayInputStream(cut)))
                .isInstanceOf(EOFException.class)
                .hasMessageContaining("2 bytes before the end of a frame");
    }

    @Test
    void aLengthOverFourMebibytesIsRefusedBeforeReadingIt() {
        byte[] huge = HEX.parseHex("00400001" + "00000001" + "0100");
        assertThatThrownBy(() -> TtrpcFrame.read(new ByteArrayInputStream(huge)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("4194305 bytes")
                .hasMessageContaining("limit of 4194304");
        assertThatThrownBy(() -> new TtrpcFrame(1, TtrpcFrame.REQUEST, (byte) 0, new byte[(4 << 20) + 1]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRequestEnvelopeCarriesServiceMethodPayloadAndTimeoutInFieldsOneToFour() {
        Request r = Request.newBuilder()
                .setService("nri.pkg.api.v1alpha1.Runtime")
                .setMethod("RegisterPlugin")
                .setPayload(com.google.protobuf.ByteString.copyFrom(new byte[] {0x0a, 0x01, 'p'}))
                .setTimeoutNano(1)
                .build();
        String expected = "0a1c" + HEX.formatHex("nri.pkg.api.v1alpha1.Runtime".getBytes())
                + "120e" + HEX.formatHex("RegisterPlugin".getBytes())
                + "1a03" + "0a0170"
                + "2001";
        assertThat(HEX.formatHex(r.toByteArray())).isEqualTo(expected);
    }
}
