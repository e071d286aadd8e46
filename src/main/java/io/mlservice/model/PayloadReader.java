package io.mlservice.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what {@link PayloadWriter} wrote from a bounded region of a file. Every count is checked against the bytes
 * left in the region before anything is allocated, so a damaged length fails cleanly instead of asking for gigabytes.
 */
final class PayloadReader {
    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(PayloadWriter.BUFFER_BYTES);
    private long position;
    private long unread;

    /** Reads {@code length} bytes of {@code channel} starting at {@code start}. */
    PayloadReader(Path file, FileChannel channel, long start, long length) {
        this.file = file;
        this.channel = channel;
        this.position = start;
        this.unread = length;
        buffer.limit(0);
    }

    /** Payload bytes not yet consumed. */
    long left() {
        return unread + buffer.remaining();
    }

    int readByte() throws IOException {
        need(1);
        return buffer.get();
    }

    boolean readBoolean() throws IOException {
        int b = readByte();
        if (b != 0 && b != 1) {
            throw corrupt("a flag holds " + b);
        }
        return b == 1;
    }

    int readInt() throws IOException {
        need(Integer.BYTES);
        return buffer.getInt();
    }

    long readLong() throws IOException {
        need(Long.BYTES);
        return buffer.getLong();
    }

    double readDouble() throws IOException {
        need(Double.BYTES);
        return buffer.getDouble();
    }

    String readString() throws IOException {
        byte[] bytes = new byte[readCount(1, "string byte")];
        for (int off = 0; off < bytes.length; ) {
            need(1);
            int chunk = Math.min(bytes.length - off, buffer.remaining());
            buffer.get(bytes, off, chunk);
            off += chunk;
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    List<String> readStrings() throws IOException {
        int n = readCount(Integer.BYTES, "string");
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(readString());
        }
        return out;
    }

    int[] readInts(String what) throws IOException {
        int[] out = new int[readCount(Integer.BYTES, what)];
        for (int off = 0; off < out.length; ) {
            need(Integer.BYTES);
            int chunk = Math.min(out.length - off, buffer.remaining() / Integer.BYTES);
            buffer.asIntBuffer().get(out, off, chunk);
            buffer.position(buffer.position() + chunk * Integer.BYTES);
            off += chunk;
        }
        return out;
    }

    float[] readFloats(String what) throws IOException {
        float[] out = new float[readCount(Float.BYTES, what)];
        for (int off = 0; off < out.length; ) {
            need(Float.BYTES);
            int chunk = Math.min(out.length - off, buffer.remaining() / Float.BYTES);
            buffer.asFloatBuffer().get(out, off, chunk);
            buffer.position(buffer.position() + chunk * Float.BYTES);
            off += chunk;
        }
        return out;
    }

    boolean[] readBooleans(String what) throws IOException {
        boolean[] out = new boolean[readCount(1, what)];
        for (int i = 0; i < out.length; i++) {
            out[i] = readBoolean();
        }
        return out;
    }

    /** A count of elements of {@code elementBytes} each that must fit in what is left of the payload. */
    int readCount(int elementBytes, String what) throws IOException {
        int n = readInt();
        if (n < 0 || (long) n * elementBytes > left()) {
            throw corrupt(what + " count " + n + " does not fit in the " + left() + " bytes left");
        }
        return n;
    }

    ModelFileException corrupt(String problem) {
        return new ModelFileException(file, "corrupt: " + problem);
    }

    /** Makes at least {@code bytes} (at most the buffer size) available in the buffer. */
    private void need(int bytes) throws IOException {
        if (buffer.remaining() >= bytes) {
            return;
        }
        buffer.compact();
        while (buffer.position() < bytes) {
            if (unread == 0) {
                throw new ModelFileException(file, "truncated: the payload ends in the middle of a value");
            }
            int before = buffer.position();
            buffer.limit((int) Math.min(buffer.capacity(), before + unread));
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new ModelFileException(file, "truncated: the file ends inside the payload");
            }
            position += n;
            unread -= n;
        }
        buffer.flip();
    }
}
