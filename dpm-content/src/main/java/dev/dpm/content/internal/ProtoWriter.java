package dev.dpm.content.internal;

import dev.dpm.content.Varint;
import java.util.Arrays;

/** A minimal growable protobuf wire-format writer. Internal to dpm-content. Not thread-safe. */
public final class ProtoWriter {
    private byte[] buf;
    private int len;

    public ProtoWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    public ProtoWriter varint(long v) {
        ensure(10);
        len = Varint.write(v, buf, len);
        return this;
    }

    public ProtoWriter tag(int field, int wireType) {
        return varint(((long) field << 3) | wireType);
    }

    public ProtoWriter varintField(int field, long v) {
        return tag(field, ProtoReader.VARINT).varint(v);
    }

    public ProtoWriter bytesField(int field, byte[] data) {
        return bytesField(field, data, 0, data.length);
    }

    public ProtoWriter bytesField(int field, byte[] data, int off, int n) {
        tag(field, ProtoReader.LEN).varint(n);
        ensure(n);
        System.arraycopy(data, off, buf, len, n);
        len += n;
        return this;
    }

    public ProtoWriter fixed32Field(int field, int v) {
        tag(field, ProtoReader.I32);
        ensure(4);
        buf[len++] = (byte) v;
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 24);
        return this;
    }

    public int size() {
        return len;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }
}
