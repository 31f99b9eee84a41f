package io.jcri.adapters.containerd.nri;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class NriMuxTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void eachWriteIsOneFrameOfConnectionIdAndLengthBeforeThePayload() throws IOException {
        ByteArrayOutputStream trunk = new ByteArrayOutputStream();
        NriMux mux = new NriMux(new ByteArrayInputStream(new byte[0]), trunk, () -> {}, "t");
        mux.open(NriMux.RUNTIME_SERVICE_CONN).output().write(new byte[] {1, 2, 3});
        mux.open(NriMux.PLUGIN_SERVICE_CONN).output().write(new byte[0], 0, 0);
        assertThat(HEX.formatHex(trunk.toByteArray()))
                .isEqualTo("00000002" + "00000003" + "010203" + "00000001" + "00000000");
    }

    @Test
    void demultiplexesFramesIntoOneStreamPerConnectionAndDropsUnknownIds() throws IOException {
        String wire = "00000001" + "00000002" + "aabb" // conn 1
                + "00000007" + "00000001" + "ee" // conn 7: nobody opened it
                + "00000002" + "00000001" + "cc" // conn 2
                + "00000001" + "00000001" + "dd"; // conn 1 again
        NriMux mux =
                new NriMux(new ByteArrayInputStream(HEX.parseHex(wire)), new ByteArrayOutputStream(), () -> {}, "t");
        InputStream one = mux.open(1).input();
        InputStream two = mux.open(2).input();
        mux.start();
        assertThat(HEX.formatHex(one.readAllBytes())).isEqualTo("aabbdd");
        assertThat(HEX.formatHex(two.readAllBytes())).isEqualTo("cc");
        assertThat(mux.isClosed()).isTrue();
    }

    @Test
    void aTtrpcMessageSplitAcrossFramesReadsWhole() throws IOException {
        byte[] message = new TtrpcFrame(3, TtrpcFrame.REQUEST, (byte) 0, "hello".getBytes()).encode();
        String hex = HEX.formatHex(message);
        String wire = "00000002" + "00000004" + hex.substring(0, 8) + "00000002"
                + String.format("%08x", message.length - 4) + hex.substring(8);
        NriMux mux =
                new NriMux(new ByteArrayInputStream(HEX.parseHex(wire)), new ByteArrayOutputStream(), () -> {}, "t");
        InputStream in = mux.open(2).input();
        mux.start();
        TtrpcFrame f = TtrpcFrame.read(in);
        assertThat(new String(f.payload())).isEqualTo("hello");
        assertThat(f.streamId()).isEqualTo(3);
    }

    @Test
    void aWriteLargerThanTheFrameLimitGoesOutInSeveralFrames() throws IOException {
        ByteArrayOutputStream trunk = new ByteArrayOutputStream();
        NriMux mux = new NriMux(new ByteArrayInputStream(new byte[0]), trunk, () -> {}, "t");
        byte[] big = new byte[NriMux.MAX_PAYLOAD + 5];
        mux.open(1).output().write(big);
        byte[] out = trunk.toByteArray();
        assertThat(out).hasSize(big.length + 2 * NriMux.HEADER_LENGTH);
        assertThat(HEX.formatHex(out, 0, 8)).isEqualTo("00000001" + String.format("%08x", NriMux.MAX_PAYLOAD));
        int second = NriMux.HEADER_LENGTH + NriMux.MAX_PAYLOAD;
        assertThat(HEX.formatHex(out, second, second + 8)).isEqualTo("00000001" + "00000005");
    }
}
