package io.jcri.adapters.rest;

import io.jcri.domain.image.Image;
import io.jcri.domain.image.ImageFilter;
import io.jcri.domain.image.ImageFsUsage;
import io.jcri.domain.image.RegistryAuth;
import io.jcri.ports.in.ImageManagement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The admin API over HTTP (WebFlux, in memory): the token filter in front of the controllers,
 * errors as problem details, the list bounds and the event stream's subscriber limit.
 */
class AdminApiWebTest {
    static final String TOKEN = "web-test-token";

    /** No images: every lookup is a 404. */
    static final class NoImages implements ImageManagement {
        @Override
        public String pull(PullCommand command) {
            throw new UnsupportedOperationException("the admin API pulls nothing");
        }

        @Override
        public List<Image> list(ImageFilter filter) {
            return List.of();
        }

        @Override
        public Optional<Image> status(String reference) {
            return Optional.empty();
        }

        @Override
        public void remove(String reference) {
            throw new UnsupportedOperationException("the admin API removes nothing");
        }

        @Override
        public List<ImageFsUsage> fsInfo() {
            return List.of();
        }

        @Override
        public Image ensure(String reference, RegistryAuth auth) {
            throw new UnsupportedOperationException("the admin API pulls nothing");
        }
    }

    private final EventFanOut fanOut =
            new EventFanOut(new CountingEvents(), new AdminLimits(1, Duration.ofMinutes(1), 1 << 20));
    private final WebTestClient client = WebTestClient.bindToController(
                    new ImagesController(new NoImages()), new EventsController(fanOut))
            .controllerAdvice(new ProblemDetailsAdvice())
            .webFilter(new BearerTokenFilter(new AdminApiSettings(TOKEN)))
            .configureClient()
            .responseTimeout(Duration.ofSeconds(10))
            .build();

    @AfterEach
    void close() {
        fanOut.close();
    }

    @Test
    void withoutTheTokenTheApiAnswers401AsAProblem() {
        client.get()
                .uri("/api/v1/images")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .valueEquals("WWW-Authenticate", "Bearer realm=\"jcri\"")
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(401)
                .jsonPath("$.instance")
                .isEqualTo("/api/v1/images");
    }

    @Test
    void withTheTokenAPageOfImagesAndTheFilesystems() {
        client.get()
                .uri("/api/v1/images?page=0&size=10")
                .header("Authorization", "Bearer " + TOKEN)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.images.page")
                .isEqualTo(0)
                .jsonPath("$.images.size")
                .isEqualTo(10)
                .jsonPath("$.images.total")
                .isEqualTo(0)
                .jsonPath("$.filesystems")
                .isArray();
    }

    @Test
    void aPageBeyondTheBoundsIsA400Problem() {
        client.get()
                .uri("/api/v1/images?size=" + (Paging.MAX_SIZE + 1))
                .header("Authorization", "Bearer " + TOKEN)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("size must be between 1 and 500, got 501");
    }

    @Test
    void aMissingImageIsA404ProblemNamingItAndItsKind() {
        client.get()
                .uri("/api/v1/images/docker.io/library/busybox:1.35")
                .header("Authorization", "Bearer " + TOKEN)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(404)
                .jsonPath("$.kind")
                .isEqualTo("NotFound")
                .jsonPath("$.detail")
                .isEqualTo("image docker.io/library/busybox:1.35 is not present locally");
    }

    @Test
    void theEventStreamTakesTheQueryTokenAndASubscriberBeyondTheLimitGetsA503Problem() {
        client.get()
                .uri("/api/v1/events?access_token=" + TOKEN)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM);
        client.get()
                .uri("/api/v1/events?access_token=" + TOKEN)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("too many event stream subscribers: at most 1 at once; try again later");
    }
}
