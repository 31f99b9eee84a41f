package io.jcri.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CriSocketGuardTest {
    @TempDir
    Path tmp;

    @Test
    void noOneButJcriCanReachTheSocketUntilItsModeIs0660() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path socket = dir.resolve("jcri.sock");
        try (CriSocketGuard guard = new CriSocketGuard(socket)) {
            guard.acquire();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                    .as("closed while the server binds")
                    .isEqualTo("rwx------");
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(socket));
                guard.restrictMode();
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
                        .isEqualTo("rw-rw----");
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                        .as("its mode back once the socket is 0660")
                        .isEqualTo("rwxr-xr-x");
            }
        }
    }

    @Test
    void aStaleSocketIsReplacedButAnythingElseAtThePathIsRefusedAndKept() throws Exception {
        Path socket = tmp.resolve("jcri.sock");
        try (ServerSocketChannel old = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            old.bind(UnixDomainSocketAddress.of(socket));
        }
        try (CriSocketGuard guard = new CriSocketGuard(socket)) {
            guard.acquire();
            assertThat(socket).doesNotExist();
        }
        Files.writeString(socket, "precious");
        CriSocketGuard file = new CriSocketGuard(socket);
        assertThatThrownBy(file::acquire)
                .isInstanceOf(JcriException.FailedPrecondition.class)
                .hasMessageContaining("the CRI socket path " + socket + " is a regular file, not a socket");
        assertThat(Files.readString(socket)).isEqualTo("precious");
        file.close();
        Files.delete(socket);
        Files.createDirectory(socket);
        try (CriSocketGuard dir = new CriSocketGuard(socket)) {
            assertThatThrownBy(dir::acquire).hasMessageContaining("is a directory, not a socket");
        }
        assertThat(socket).isDirectory();
        try (CriSocketGuard again = new CriSocketGuard(socket)) {
            assertThatThrownBy(again::acquire)
                    .as("the refused guard released its lock")
                    .hasMessageNotContaining("another jcri");
        }
    }
}
