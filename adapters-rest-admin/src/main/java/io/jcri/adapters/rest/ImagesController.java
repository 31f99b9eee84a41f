package io.jcri.adapters.rest;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.image.ImageFilter;
import io.jcri.domain.image.ImageFsUsage;
import io.jcri.ports.in.ImageManagement;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/images}: local images and what they take on disk. */
@RestController
@RequestMapping("/api/v1/images")
class ImagesController {
    private final ImageManagement images;

    ImagesController(ImageManagement images) {
        this.images = images;
    }

    record ImageList(Views.Page<Views.ImageSummary> images, List<ImageFsUsage> filesystems) {}

    @GetMapping
    ImageList list(
            @RequestParam(required = false, defaultValue = "0") int page,
            @RequestParam(required = false, defaultValue = "50") int size) {
        Paging.check(page, size);
        return new ImageList(Paging.page(images.list(ImageFilter.ALL), page, size, Views::image), images.fsInfo());
    }

    /** By ID, tag or digest (the rest of the path, slashes included). */
    @GetMapping("/{*ref}")
    Views.ImageSummary get(@PathVariable("ref") String path) {
        String ref = path.startsWith("/") ? path.substring(1) : path;
        return images.status(ref)
                .map(Views::image)
                .orElseThrow(() -> new JcriException.NotFound("image " + ref + " is not present locally"));
    }
}
