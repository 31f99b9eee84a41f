package io.jcri.adapters.cri;

import io.jcri.cri.v1.AuthConfig;
import io.jcri.cri.v1.FilesystemIdentifier;
import io.jcri.cri.v1.FilesystemUsage;
import io.jcri.cri.v1.ImageFilter;
import io.jcri.cri.v1.ImageSpec;
import io.jcri.cri.v1.Int64Value;
import io.jcri.cri.v1.UInt64Value;
import io.jcri.domain.image.Image;
import io.jcri.domain.image.ImageFsUsage;
import io.jcri.domain.image.ImageUser;
import io.jcri.domain.image.RegistryAuth;
import io.jcri.domain.json.Json;
import java.util.Map;

/** CRI image messages to and from jcri's image records. */
final class ImageProtoMapper {
    private ImageProtoMapper() {}

    static RegistryAuth auth(AuthConfig a) {
        return new RegistryAuth(
                a.getUsername(), a.getPassword(), a.getAuth(), a.getIdentityToken(), a.getRegistryToken());
    }

    static io.jcri.domain.image.ImageFilter filter(boolean has, ImageFilter f) {
        return has && f.hasImage()
                ? new io.jcri.domain.image.ImageFilter(f.getImage().getImage())
                : io.jcri.domain.image.ImageFilter.ALL;
    }

    static io.jcri.cri.v1.Image toProto(Image image) {
        io.jcri.cri.v1.Image.Builder b = io.jcri.cri.v1.Image.newBuilder()
                .setId(image.id())
                .addAllRepoTags(image.repoTags())
                .addAllRepoDigests(image.repoDigests())
                .setSize(image.size())
                .setSpec(ImageSpec.newBuilder().setImage(image.id()))
                .setPinned(image.pinned());
        ImageUser user = image.user();
        if (user.uid() != null) {
            b.setUid(Int64Value.newBuilder().setValue(user.uid()));
        }
        b.setUsername(user.username());
        return b.build();
    }

    /** The verbose info: the image's chain ID and its config document as JSON. */
    static Map<String, String> verboseInfo(Image image) {
        String config = image.configJson().isBlank() ? "{}" : image.configJson();
        return Map.of("info", "{\"chainID\":" + Json.write(image.chainId()) + ",\"imageSpec\":" + config + "}");
    }

    static FilesystemUsage toProto(ImageFsUsage u) {
        return FilesystemUsage.newBuilder()
                .setTimestamp(u.timestampNanos())
                .setFsId(FilesystemIdentifier.newBuilder().setMountpoint(u.mountpoint()))
                .setUsedBytes(UInt64Value.newBuilder().setValue(u.usedBytes()))
                .setInodesUsed(UInt64Value.newBuilder().setValue(u.inodesUsed()))
                .build();
    }
}
