package io.jcri.domain.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UserResolverTest {
    static final String PASSWD = """
            # users
            root:x:0:0:root:/root:/bin/sh
            www:x:33:33:www-data:/var/www:/usr/sbin/nologin
            app:x:1000:1000::/home/app:/bin/sh
            broken line
            +nisuser
            """;
    static final String GROUP = """
            root:x:0:
            www:x:33:
            app:x:1000:
            audio:x:29:app,www
            video:x:44:www
            staff:x:50: app
            """;
    static final UserDatabase DB = UserDatabase.parse(PASSWD, GROUP);

    @ParameterizedTest(name = "image USER \"{0}\" -> {1}:{2} groups {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''          | 0    | 0    | 0",
                "app         | 1000 | 1000 | 1000 29 50",
                "1000        | 1000 | 1000 | 1000 29 50",
                "33          | 33   | 33   | 33 29 44",
                "4242        | 4242 | 0    | 0",
                "app:audio   | 1000 | 29   | 29 50",
                "app:video   | 1000 | 44   | 44 29 50",
                "1000:7      | 1000 | 7    | 7 29 50",
                "4242:4343   | 4242 | 4343 | 4343",
                "www:0       | 33   | 0    | 0 29 44",
            })
    void resolvesTheImageUser(String user, long uid, long gid, String groups) {
        ResolvedUser resolved = UserResolver.resolve(null, null, null, user, DB, List.of());
        assertThat(resolved.uid()).isEqualTo(uid);
        assertThat(resolved.gid()).isEqualTo(gid);
        assertThat(resolved.additionalGids())
                .containsExactlyElementsOf(
                        List.of(groups.split(" ")).stream().map(Long::parseLong).toList());
    }

    @Test
    void criRunAsUsernameBeatsRunAsUserWhichBeatsTheImage() {
        assertThat(UserResolver.resolve("www", 1000L, null, "app", DB, List.of())
                        .uid())
                .isEqualTo(33);
        assertThat(UserResolver.resolve(null, 1000L, null, "www", DB, List.of()).uid())
                .isEqualTo(1000);
        assertThat(UserResolver.resolve(null, null, null, "www", DB, List.of()).uid())
                .isEqualTo(33);
    }

    @Test
    void runAsGroupReplacesThePrimaryGroup() {
        ResolvedUser user = UserResolver.resolve(null, 1000L, 3000L, "", DB, List.of());
        assertThat(user.uid()).isEqualTo(1000);
        assertThat(user.gid()).isEqualTo(3000);
        assertThat(user.additionalGids()).containsExactly(3000L, 29L, 50L);
    }

    @Test
    void supplementalGroupsComeAfterTheFileGroupsWithoutDuplicates() {
        ResolvedUser user = UserResolver.resolve("app", null, null, "", DB, List.of(5000L, 29L, 1000L));
        assertThat(user.additionalGids()).containsExactly(1000L, 29L, 50L, 5000L);
    }

    @Test
    void theStrictPolicyLeavesOutTheImagesGroupsButKeepsTheCris() {
        ResolvedUser user = UserResolver.resolve("app", null, null, "", DB, List.of(5000L, 29L), true);
        assertThat(user.additionalGids()).containsExactly(1000L, 5000L, 29L);
        ResolvedUser merged = UserResolver.resolve("app", null, null, "", DB, List.of(5000L, 29L), false);
        assertThat(merged.additionalGids()).containsExactly(1000L, 29L, 50L, 5000L);
    }

    @Test
    void aNumericUserNeedsNoPasswdFile() {
        ResolvedUser user = UserResolver.resolve(null, 65535L, 65535L, "", UserDatabase.EMPTY, List.of());
        assertThat(user).isEqualTo(new ResolvedUser(65535, 65535, List.of(65535L)));
    }

    @Test
    void aMissingUserOrGroupIsAnInvalidArgumentNamingIt() {
        assertThatThrownBy(() -> UserResolver.resolve("nobody", null, null, "", DB, List.of()))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("\"nobody\"")
                .hasMessageContaining("/etc/passwd");
        assertThatThrownBy(() -> UserResolver.resolve(null, null, null, "app:wheel", DB, List.of()))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("\"wheel\"")
                .hasMessageContaining("/etc/group");
        assertThatThrownBy(() -> UserResolver.resolve(null, null, null, "app", UserDatabase.EMPTY, List.of()))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("\"app\"");
    }

    @Test
    void runAsGroupWithoutAUserIsRefused() {
        assertThatThrownBy(() -> UserResolver.resolve(null, null, 5L, "app", DB, List.of()))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("run_as_group");
    }

    @Test
    void negativeIdsAreRefused() {
        assertThatThrownBy(() -> UserResolver.resolve(null, -1L, null, "", DB, List.of()))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("run_as_user -1");
    }

    @Test
    void parserSkipsCommentsNisAndMalformedLines() {
        assertThat(DB.users()).extracting(PasswdEntry::name).containsExactly("root", "www", "app");
        assertThat(DB.groupNamed("audio").orElseThrow().members()).containsExactly("app", "www");
        assertThat(DB.groupNamed("staff").orElseThrow().members()).containsExactly("app");
    }
}
