package io.mlservice.model;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The file holding every tenant's model of one training.
 *
 * <p>Layout, big-endian: the magic {@code MLSMODEL}, the format version (int), the payload length (long), the
 * payload, then the CRC32C of the payload (int). The payload of formats 2 and 3 begins with the {@link ModelStamp}: the
 * training time and the cycle's start (epoch milliseconds, longs) and the source (string); then, as in format 1
 * (which has no stamp: its time is read from the file's name), the tenant count (int) and each tenant as
 * {@link TenantModelCodec} lays it out. Files are written beside their final name and renamed into place, so a
 * reader sees either the old file or the complete new one; loading checks everything before building anything.
 * {@link ModelFolder} chooses among the files of a folder and rotates them.
 */
public final class ModelFile {
    static final byte[] MAGIC = "MLSMODEL".getBytes(StandardCharsets.US_ASCII);
    /**
     * 2 adds the stamp before the tenants and EASE^R's held-out metrics to each report; 3 adds to each report whether
     * it was a warm retrain or a full search (and when and on how many interactions the last full search ran), and
     * each tenant's item-item part after its report. 1 and 2 are still read (their tenants as factor models alone,
     * trained by a full search).
     */
    static final int FORMAT_VERSION = 3;
    /** The first format with the item-item part and the training's origin. */
    static final int FORMAT_ITEM_ITEM = 3;
    /** The first format: no stamp in the payload, no EASE^R metrics in the reports. */
    static final int FORMAT_UNSTAMPED = 1;
    static final int HEADER_BYTES = MAGIC.length + Integer.BYTES + Long.BYTES;
    static final int TRAILER_BYTES = Integer.BYTES;

    private static final Logger LOG = LoggerFactory.getLogger(ModelFile.class);
    static final String PREFIX = "model-";
    static final String SUFFIX = ".mlm";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private ModelFile() {
    }

    /**
     * A file's stamp and tenants.
     */
    public record Contents(ModelStamp stamp, List<TenantModel> tenants) {
    }

    /** Writes the tenants to {@code file} atomically: on failure an existing file there is left as it was. */
    public static void write(Path file, List<TenantModel> tenants, ModelStamp stamp) throws IOException {
        Path target = file.toAbsolutePath();
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + "-", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                writeTo(channel, tenants, stamp);
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException | Error e) {
            deleteQuietly(temp, e);
            throw e;
        }
        syncDirectory(target.getParent());
    }

    /** Writes the tenants into {@code folder} under a name made of the training time, and returns that path. */
    public static Path writeInto(Path folder, List<TenantModel> tenants, ModelStamp stamp) throws IOException {
        Files.createDirectories(folder);
        Path file = folder.resolve(fileName(stamp.trainedAt()));
        write(file, tenants, stamp);
        return file;
    }

    /** {@code model-20261127T101500Z.mlm} for that instant (UTC, whole seconds); names sort by time. */
    public static String fileName(Instant trainedAt) {
        return PREFIX + STAMP.format(trainedAt) + SUFFIX;
    }

    /** Checks the magic, the version, the length and the checksum without building the models. */
    public static void verify(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            verify(file, channel);
        }
    }

    /** Loads every tenant of the file, or throws {@link ModelFileException} saying what is wrong with it. */
    public static List<TenantModel> read(Path file) throws IOException {
        return load(file, false).tenants();
    }

    /** Loads the file's stamp and every tenant, or throws {@link ModelFileException} saying what is wrong. */
    public static Contents load(Path file) throws IOException {
        return load(file, true);
    }

    /** @param stamped false: a file of format 1 needs no time in its name (its stamp is then null) */
    private static Contents load(Path file, boolean stamped) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            int version = version(file, channel);
            long length = verify(file, channel);
            PayloadReader in = new PayloadReader(file, channel, HEADER_BYTES, length);
            try {
                ModelStamp stamp = stamped || version != FORMAT_UNSTAMPED ? readStamp(file, version, in) : null;
                return new Contents(stamp, readPayload(in, version));
            } catch (IllegalArgumentException e) {
                throw in.corrupt(e.getMessage());
            }
        }
    }

    /**
     * Checks the whole file as {@link #verify} does, then reads its stamp only (a file of format 1: its time from
     * its name, its source unknown).
     */
    public static ModelStamp stamp(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            int version = version(file, channel);
            long length = verify(file, channel);
            PayloadReader in = new PayloadReader(file, channel, HEADER_BYTES, length);
            try {
                return readStamp(file, version, in);
            } catch (IllegalArgumentException e) {
                throw in.corrupt(e.getMessage());
            }
        }
    }

    /** The training time a name made by {@link #fileName} carries, if it is one. */
    static Optional<Instant> timeInName(Path file) {
        String name = file.getFileName().toString();
        if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.from(STAMP.parse(name.substring(PREFIX.length(),
                    name.length() - SUFFIX.length()))));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static ModelStamp readStamp(Path file, int version, PayloadReader in) throws IOException {
        if (version == FORMAT_UNSTAMPED) {
            Instant named = timeInName(file).orElseThrow(() -> new ModelFileException(file,
                    "a file of format 1 records no training time, and its name carries none"));
            return ModelStamp.single(named, ModelStamp.UNKNOWN_SOURCE);
        }
        Instant trainedAt = Instant.ofEpochMilli(in.readLong());
        Instant cycle = Instant.ofEpochMilli(in.readLong());
        return new ModelStamp(trainedAt, cycle, in.readString());
    }

    private static int version(Path file, FileChannel channel) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        readFully(channel, header, 0);
        if (header.position() < MAGIC.length + Integer.BYTES) {
            return FORMAT_VERSION;
        }
        return header.getInt(MAGIC.length);
    }

    private static void writeTo(FileChannel channel, List<TenantModel> tenants, ModelStamp stamp)
            throws IOException {
        channel.position(HEADER_BYTES);
        PayloadWriter out = new PayloadWriter(channel);
        out.writeLong(stamp.trainedAt().toEpochMilli());
        out.writeLong(stamp.cycle().toEpochMilli());
        out.writeString(stamp.source());
        out.writeInt(tenants.size());
        for (TenantModel tenant : tenants) {
            TenantModelCodec.write(out, tenant);
        }
        out.flush();
        writeFully(channel, ByteBuffer.allocate(TRAILER_BYTES).putInt(out.checksum()).flip());
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).put(MAGIC).putInt(FORMAT_VERSION)
                .putLong(out.bytesWritten()).flip();
        channel.position(0);
        writeFully(channel, header);
    }

    private static List<TenantModel> readPayload(PayloadReader in, int version) throws IOException {
        int count = in.readCount(1, "tenant");
        List<TenantModel> tenants = new ArrayList<>(count);
        for (int t = 0; t < count; t++) {
            tenants.add(TenantModelCodec.read(in, version));
        }
        if (in.left() != 0) {
            throw in.corrupt(in.left() + " unexpected bytes after the last tenant");
        }
        return List.copyOf(tenants);
    }

    /** Returns the payload length once the header, the size and the checksum are all right. */
    private static long verify(Path file, FileChannel channel) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        readFully(channel, header, 0);
        byte[] magic = Arrays.copyOf(header.array(), Math.min(header.position(), MAGIC.length));
        if (!Arrays.equals(magic, Arrays.copyOf(MAGIC, magic.length)) || magic.length == 0) {
            throw new ModelFileException(file, "not a model file");
        }
        if (header.hasRemaining()) {
            throw new ModelFileException(file, "truncated: the header is incomplete");
        }
        int version = header.getInt(MAGIC.length);
        if (version > FORMAT_VERSION) {
            throw new ModelFileException(file, "written by a newer version: format " + version
                    + ", this program reads up to " + FORMAT_VERSION);
        }
        if (version < 1) {
            throw new ModelFileException(file, "corrupt: unknown format version " + version);
        }
        long length = header.getLong(MAGIC.length + Integer.BYTES);
        checkSize(file, channel.size(), length);
        int expected = readTrailer(file, channel, HEADER_BYTES + length);
        if (checksum(file, channel, length) != expected) {
            throw new ModelFileException(file, "corrupt: checksum mismatch");
        }
        return length;
    }

    private static void checkSize(Path file, long size, long payloadLength) throws ModelFileException {
        long available = size - HEADER_BYTES - TRAILER_BYTES;
        if (payloadLength < 0) {
            throw new ModelFileException(file, "corrupt: negative payload length " + payloadLength);
        }
        if (payloadLength > available) {
            throw new ModelFileException(file, "truncated: " + size + " bytes, the header announces "
                    + (payloadLength + HEADER_BYTES + TRAILER_BYTES));
        }
        if (payloadLength < available) {
            throw new ModelFileException(file, "corrupt: " + (available - payloadLength)
                    + " unexpected bytes after the checksum");
        }
    }

    private static int readTrailer(Path file, FileChannel channel, long at) throws IOException {
        ByteBuffer trailer = ByteBuffer.allocate(TRAILER_BYTES);
        readFully(channel, trailer, at);
        if (trailer.hasRemaining()) {
            throw new ModelFileException(file, "truncated: the checksum is missing");
        }
        return trailer.getInt(0);
    }

    private static int checksum(Path file, FileChannel channel, long length) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buffer = ByteBuffer.allocateDirect(PayloadWriter.BUFFER_BYTES);
        long position = HEADER_BYTES;
        long end = HEADER_BYTES + length;
        while (position < end) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new ModelFileException(file, "truncated: the file ends inside the payload");
            }
            position += n;
            crc.update(buffer.flip());
        }
        return (int) crc.getValue();
    }

    /** Reads until the buffer is full or the file ends. */
    private static void readFully(FileChannel channel, ByteBuffer buffer, long at) throws IOException {
        long position = at;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position);
            if (n < 0) {
                return;
            }
            position += n;
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static void deleteQuietly(Path temp, Throwable cause) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    /** Makes the rename itself durable where the platform allows opening a directory (not on Windows). */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LOG.debug("Could not sync directory {}: {}", dir, e.getMessage());
        }
    }
}
