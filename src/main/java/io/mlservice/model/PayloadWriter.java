package io.mlservice.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Writes big-endian primitives and whole arrays to a channel through one large buffer, checksumming every byte;
 * arrays go through bulk buffer views so a 100 MB model costs a few hundred buffer flushes, not a call per value.
 */
final class PayloadWriter {
    static final int BUFFER_BYTES = 1 << 20;

    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    private final CRC32C crc = new CRC32C();
    private long written;

    PayloadWriter(FileChannel channel) {
        this.channel = channel;
    }

    void writeByte(int v) throws IOException {
        room(1);
        buffer.put((byte) v);
    }

    void writeInt(int v) throws IOException {
        room(Integer.BYTES);
        buffer.putInt(v);
    }

    void writeLong(long v) throws IOException {
        room(Long.BYTES);
        buffer.putLong(v);
    }

    void writeDouble(double v) throws IOException {
        room(Double.BYTES);
        buffer.putDouble(v);
    }

    void writeString(String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        writeInt(bytes.length);
        for (int off = 0; off < bytes.length; ) {
            room(1);
            int chunk = Math.min(bytes.length - off, buffer.remaining());
            buffer.put(bytes, off, chunk);
            off += chunk;
        }
    }

    void writeStrings(List<String> strings) throws IOException {
        writeInt(strings.size());
        for (String s : strings) {
            writeString(s);
        }
    }

    /** The length, then the first {@code length} values. */
    void writeInts(int[] values, int length) throws IOException {
        writeInt(length);
        for (int off = 0; off < length; ) {
            room(Integer.BYTES);
            int chunk = Math.min(length - off, buffer.remaining() / Integer.BYTES);
            buffer.asIntBuffer().put(values, off, chunk);
            buffer.position(buffer.position() + chunk * Integer.BYTES);
            off += chunk;
        }
    }

    void writeFloats(float[] values, int length) throws IOException {
        writeInt(length);
        for (int off = 0; off < length; ) {
            room(Float.BYTES);
            int chunk = Math.min(length - off, buffer.remaining() / Float.BYTES);
            buffer.asFloatBuffer().put(values, off, chunk);
            buffer.position(buffer.position() + chunk * Float.BYTES);
            off += chunk;
        }
    }

    void writeBooleans(boolean[] values) throws IOException {
        writeInt(values.length);
        for (int off = 0; off < values.length; ) {
            room(1);
            int chunk = Math.min(values.length - off, buffer.remaining());
            for (int i = 0; i < chunk; i++) {
                buffer.put(values[off + i] ? (byte) 1 : (byte) 0);
            }
            off += chunk;
        }
    }

    /** Writes out what is buffered; afterwards {@link #bytesWritten()} and {@link #checksum()} are final. */
    void flush() throws IOException {
        buffer.flip();
        crc.update(buffer.array(), 0, buffer.limit());
        written += buffer.limit();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    long bytesWritten() {
        return written;
    }

    int checksum() {
        return (int) crc.getValue();
    }

    private void room(int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            flush();
        }
    }
}
