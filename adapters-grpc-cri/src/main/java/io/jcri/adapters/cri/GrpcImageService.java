package io.jcri.adapters.cri;

import io.grpc.stub.StreamObserver;
import io.jcri.cri.v1.ImageFsInfoRequest;
import io.jcri.cri.v1.ImageFsInfoResponse;
import io.jcri.cri.v1.ImageServiceGrpc;
import io.jcri.cri.v1.ImageStatusRequest;
import io.jcri.cri.v1.ImageStatusResponse;
import io.jcri.cri.v1.ListImagesRequest;
import io.jcri.cri.v1.ListImagesResponse;
import io.jcri.cri.v1.PullImageRequest;
import io.jcri.cri.v1.PullImageResponse;
import io.jcri.cri.v1.RemoveImageRequest;
import io.jcri.cri.v1.RemoveImageResponse;
import io.jcri.cri.v1.StreamImagesRequest;
import io.jcri.cri.v1.StreamImagesResponse;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.image.Image;
import io.jcri.domain.image.ImageFilter;
import io.jcri.domain.image.RegistryAuth;
import io.jcri.ports.in.ImageManagement;
import java.util.List;
import java.util.Optional;

/** CRI ImageService over {@link ImageManagement}. */
final class GrpcImageService extends ImageServiceGrpc.ImageServiceImplBase {
    private final ImageManagement images;
    private final FromMemory fromMemory;

    GrpcImageService(ImageManagement images) {
        this(images, FromMemory.INLINE);
    }

    /** @param fromMemory how ImageStatus and ListImages continue when they need the store */
    GrpcImageService(ImageManagement images, FromMemory fromMemory) {
        this.images = images;
        this.fromMemory = fromMemory;
    }

    @Override
    public void listImages(ListImagesRequest request, StreamObserver<ListImagesResponse> observer) {
        ImageFilter filter = ImageProtoMapper.filter(request.hasFilter(), request.getFilter());
        fromMemory.unary(
                observer,
                () -> images.listFromMemory(filter).map(GrpcImageService::listResponse),
                () -> listResponse(images.list(filter)));
    }

    private static ListImagesResponse listResponse(List<Image> list) {
        return ListImagesResponse.newBuilder()
                .addAllImages(list.stream().map(ImageProtoMapper::toProto).toList())
                .build();
    }

    @Override
    public void streamImages(StreamImagesRequest request, StreamObserver<StreamImagesResponse> observer) {
        List<Image> all;
        try {
            all = list(request.hasFilter(), request.getFilter());
        } catch (RuntimeException e) {
            observer.onError(ErrorStatus.of(e).asRuntimeException());
            return;
        }
        for (Image i : all) {
            observer.onNext(StreamImagesResponse.newBuilder()
                    .addImages(ImageProtoMapper.toProto(i))
                    .build());
        }
        observer.onCompleted();
    }

    private List<Image> list(boolean hasFilter, io.jcri.cri.v1.ImageFilter filter) {
        return images.list(ImageProtoMapper.filter(hasFilter, filter));
    }

    @Override
    public void imageStatus(ImageStatusRequest request, StreamObserver<ImageStatusResponse> observer) {
        String handler = request.getImage().getRuntimeHandler();
        boolean verbose = request.getVerbose();
        fromMemory.unary(
                observer,
                () -> images.statusFromMemory(required(request.getImage().getImage(), "ImageStatus"), handler)
                        .map(found -> statusResponse(found, verbose)),
                () -> statusResponse(
                        images.status(required(request.getImage().getImage(), "ImageStatus"), handler), verbose));
    }

    private static ImageStatusResponse statusResponse(Optional<Image> image, boolean verbose) {
        ImageStatusResponse.Builder b = ImageStatusResponse.newBuilder();
        image.ifPresent(i -> {
            b.setImage(ImageProtoMapper.toProto(i));
            if (verbose) {
                b.putAllInfo(ImageProtoMapper.verboseInfo(i));
            }
        });
        return b.build();
    }

    @Override
    public void pullImage(PullImageRequest request, StreamObserver<PullImageResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            String ref = required(request.getImage().getImage(), "PullImage");
            RegistryAuth auth = request.hasAuth() ? ImageProtoMapper.auth(request.getAuth()) : RegistryAuth.NONE;
            String id = images.pull(new ImageManagement.PullCommand(
                    ref, auth, request.getImage().getRuntimeHandler()));
            return PullImageResponse.newBuilder().setImageRef(id).build();
        });
    }

    @Override
    public void removeImage(RemoveImageRequest request, StreamObserver<RemoveImageResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            images.remove(
                    required(request.getImage().getImage(), "RemoveImage"),
                    request.getImage().getRuntimeHandler());
            return RemoveImageResponse.getDefaultInstance();
        });
    }

    @Override
    public void imageFsInfo(ImageFsInfoRequest request, StreamObserver<ImageFsInfoResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> ImageFsInfoResponse.newBuilder()
                        .addAllImageFilesystems(images.fsInfo().stream()
                                .map(ImageProtoMapper::toProto)
                                .toList())
                        .addAllContainerFilesystems(images.containerFsInfo().stream()
                                .map(ImageProtoMapper::toProto)
                                .toList())
                        .build());
    }

    private static String required(String image, String rpc) {
        if (image.isBlank()) {
            throw new JcriException.InvalidArgument(rpc + ": image reference is empty (ImageSpec.image)");
        }
        return image;
    }
}
