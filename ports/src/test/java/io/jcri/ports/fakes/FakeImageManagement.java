package io.jcri.ports.fakes;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.image.Image;
import io.jcri.domain.image.ImageConfig;
import io.jcri.domain.image.ImageFilter;
import io.jcri.domain.image.ImageFsUsage;
import io.jcri.domain.image.RegistryAuth;
import io.jcri.ports.in.ImageManagement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Images that are always there: every reference ensures to an image whose rootfs is the committed
 * snapshot {@link #CHAIN_ID} (tests create it in their fake runtime). References listed in
 * {@link #unpullable} fail as an unreachable registry would.
 */
public class FakeImageManagement implements ImageManagement {
    public static final String CHAIN_ID = "chain-pause";
    public final List<String> ensured = new CopyOnWriteArrayList<>();
    public final List<String> unpullable = new CopyOnWriteArrayList<>();

    @Override
    public String pull(PullCommand command) {
        return ensure(command.reference(), command.auth()).id();
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
    public void remove(String reference) {}

    @Override
    public List<ImageFsUsage> fsInfo() {
        return List.of();
    }

    @Override
    public Image ensure(String reference, RegistryAuth auth) {
        ensured.add(reference);
        if (unpullable.contains(reference)) {
            throw new JcriException.Unavailable("registry for " + reference + " is unreachable");
        }
        return new Image(
                "sha256:" + "a".repeat(64),
                List.of(reference),
                List.of(),
                100,
                new ImageConfig(List.of("/pause"), List.of(), List.of(), "", "", "", Map.of(), List.of(), List.of()),
                CHAIN_ID,
                true,
                "{}");
    }
}
