package dev.dpm.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnixfsKindTest {
    @Test
    void readsTheTypeField() {
        assertThat(UnixfsKind.of(new byte[] {0x08, 0x01})).isEqualTo(UnixfsKind.DIRECTORY);
        assertThat(UnixfsKind.of(new byte[] {0x08, 0x02, 0x18, (byte) 0x80, 0x01})).isEqualTo(UnixfsKind.FILE);
        // Type after another field (not how encoders write it, still valid protobuf).
        assertThat(UnixfsKind.of(new byte[] {0x12, 0x01, 0x41, 0x08, 0x05})).isEqualTo(UnixfsKind.HAMT_SHARD);
        assertThat(UnixfsKind.of(null)).isEqualTo(UnixfsKind.UNKNOWN);
        assertThat(UnixfsKind.of(new byte[] {(byte) 0x80})).isEqualTo(UnixfsKind.UNKNOWN);
    }
}
