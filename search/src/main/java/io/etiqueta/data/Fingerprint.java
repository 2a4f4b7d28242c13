package io.etiqueta.data;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A short content hash for provenance: SHA-256 over the class names and, per example in load order, its label
 * and a CRC32C of its original bytes (the image file, or the raw record of IDX/CIFAR files). It does not depend
 * on the load options, so the same data resized differently keeps its fingerprint, and an archive has the
 * fingerprint of the folder it contains.
 */
final class Fingerprint {
    private final MessageDigest digest;

    Fingerprint(List<String> classes) {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        digest.update("etiqueta-dataset-v1\n".getBytes(StandardCharsets.UTF_8));
        for (String c : classes) digest.update((c + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static long crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return crc.getValue();
    }

    /** Starts a part ("train", "test") of {@code n} examples. */
    Fingerprint part(String name, int n) {
        digest.update((name + ":" + n + "\n").getBytes(StandardCharsets.UTF_8));
        return this;
    }

    Fingerprint example(int label, long crc, long length) {
        digest.update(ByteBuffer.allocate(20).putInt(label).putLong(crc).putLong(length).array());
        return this;
    }

    String value() { return HexFormat.of().formatHex(digest.digest()).substring(0, 16); }
}
