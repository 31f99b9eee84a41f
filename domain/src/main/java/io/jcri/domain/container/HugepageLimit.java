package io.jcri.domain.container;

import java.util.Objects;

/** A hugetlb limit: the page size as the cgroup names it ({@code 2MB}, {@code 1GB}) and bytes. */
public record HugepageLimit(String pageSize, long limit) {
    public HugepageLimit {
        Objects.requireNonNull(pageSize, "pageSize");
    }
}
