package dev.dpm.content.dagpb;

import java.util.Arrays;
import java.util.List;

/**
 * A dag-pb node: links and optional data ({@code null} when absent, distinct from empty).
 * The data array is not copied; treat it as read-only.
 */
public record PbNode(List<PbLink> links, byte[] data) {
    public PbNode {
        links = List.copyOf(links);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PbNode n && n.links.equals(links) && Arrays.equals(n.data, data);
    }

    @Override
    public int hashCode() {
        return links.hashCode() * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "PbNode[links=" + links + ", data=" + (data == null ? "absent" : data.length + " bytes") + "]";
    }
}
