package io.mlservice.config;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files web servers are given: a certificate chain ({@code CERTIFICATE} blocks) and a private key,
 * as PKCS#8 ({@code PRIVATE KEY}) or in OpenSSL's older forms ({@code RSA PRIVATE KEY}, PKCS#1;
 * {@code EC PRIVATE KEY}, SEC 1). The older forms are wrapped as PKCS#8 here, a few bytes of DER, so that the JDK
 * alone reads them and no cryptography library is needed. A problem is an {@link IllegalArgumentException} saying
 * what the file holds and what was expected.
 */
final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final String CONVERT = "convert it with openssl pkcs8 -topk8 -nocrypt -in <key file>"
            + " -out <new key file>";
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA", "RSASSA-PSS");

    private static final int SEQUENCE = 0x30;
    private static final int OCTET_STRING = 0x04;
    private static final int OBJECT_ID = 0x06;
    private static final int EC_PARAMETERS = 0xA0;
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};
    private static final byte[] RSA_ENCRYPTION = {0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D,
            0x01, 0x01, 0x01, 0x05, 0x00};
    private static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01};

    private PemFiles() {
    }

    /** The certificates of the file, in its order. */
    static List<X509Certificate> certificates(Path file) throws IOException {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : blocks(file)) {
                if (block.type().equals("CERTIFICATE")) {
                    chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
                }
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException("holds a certificate that cannot be read (" + e.getMessage() + ")", e);
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("holds no certificate: expected PEM blocks beginning with"
                    + " -----BEGIN CERTIFICATE-----");
        }
        return chain;
    }

    /** The one private key of the file. */
    static PrivateKey privateKey(Path file) throws IOException {
        List<Block> keys = blocks(file).stream().filter(b -> b.type().endsWith("PRIVATE KEY")).toList();
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("holds no private key: expected a PEM block beginning with"
                    + " -----BEGIN PRIVATE KEY-----");
        }
        if (keys.size() > 1) {
            throw new IllegalArgumentException("holds " + keys.size() + " private keys: expected one");
        }
        Block key = keys.get(0);
        if (key.encrypted() || key.type().equals("ENCRYPTED PRIVATE KEY")) {
            throw new IllegalArgumentException("holds an encrypted private key: the service reads it unencrypted"
                    + " (make the file readable by the service's account only); " + CONVERT);
        }
        return switch (key.type()) {
            case "PRIVATE KEY" -> pkcs8(key.der());
            case "RSA PRIVATE KEY" -> pkcs8(privateKeyInfo(RSA_ENCRYPTION, key.der()));
            case "EC PRIVATE KEY" -> pkcs8(privateKeyInfo(concat(EC_PUBLIC_KEY, namedCurve(key.der())), key.der()));
            default -> throw new IllegalArgumentException("holds a \"" + key.type() + "\", which is not a private key"
                    + " the service reads; " + CONVERT);
        };
    }

    private static PrivateKey pkcs8(byte[] der) {
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException e) {
                // not a key of this algorithm: try the next
            }
        }
        throw new IllegalArgumentException("holds a private key that cannot be read: not an RSA, EC or EdDSA key in"
                + " PKCS#8 form");
    }

    /** PKCS#8's PrivateKeyInfo: version 0, the algorithm (with its parameters), the key in the algorithm's form. */
    private static byte[] privateKeyInfo(byte[] algorithm, byte[] key) {
        return der(SEQUENCE, concat(VERSION_0, der(SEQUENCE, algorithm), der(OCTET_STRING, key)));
    }

    /** The curve's OID, as DER, from SEC 1's {@code ECPrivateKey} (its optional {@code [0]} parameters). */
    private static byte[] namedCurve(byte[] sec1) {
        try {
            Tlv key = Tlv.at(sec1, 0);
            for (int p = key.start(); p < key.end(); p = Tlv.at(sec1, p).end()) {
                Tlv field = Tlv.at(sec1, p);
                if (field.tag() == EC_PARAMETERS) {
                    Tlv curve = Tlv.at(sec1, field.start());
                    if (curve.tag() == OBJECT_ID) {
                        return Arrays.copyOfRange(sec1, field.start(), curve.end());
                    }
                }
            }
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("holds an EC private key that cannot be read", e);
        }
        throw new IllegalArgumentException("holds an EC private key without the name of its curve; " + CONVERT);
    }

    private static List<Block> blocks(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            blocks.add(Block.of(m.group(1), m.group(2)));
        }
        return blocks;
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = length < 0x100 ? 1 : length < 0x10000 ? 2 : 3;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** One PEM block: its type ("CERTIFICATE") and its base64 body; OpenSSL's encrypted keys carry headers. */
    private record Block(String type, String body) {
        static Block of(String type, String body) {
            return new Block(type, body.strip());
        }

        boolean encrypted() {
            return body.contains("Proc-Type:") && body.contains("ENCRYPTED");
        }

        byte[] der() {
            try {
                return Base64.getMimeDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("holds a \"" + type + "\" block that is not valid base64", e);
            }
        }
    }

    /** A DER element: its tag, and where its content starts and ends in the array. */
    private record Tlv(int tag, int start, int end) {
        static Tlv at(byte[] der, int offset) {
            int tag = der[offset] & 0xFF;
            int length = der[offset + 1] & 0xFF;
            int p = offset + 2;
            if (length >= 0x80) {
                int bytes = length & 0x7F;
                if (bytes == 0 || bytes > 3) {
                    throw new IndexOutOfBoundsException("unsupported DER length");
                }
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = (length << 8) | (der[p++] & 0xFF);
                }
            }
            if (p + length > der.length) {
                throw new IndexOutOfBoundsException("DER element past the end");
            }
            return new Tlv(tag, p, p + length);
        }
    }
}
