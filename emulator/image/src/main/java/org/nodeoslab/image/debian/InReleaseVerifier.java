package org.nodeoslab.image.debian;

import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPObjectFactory;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the OpenPGP cleartext signature of an InRelease file (RFC 4880 §7) and returns the signed text.
 *
 * <p>Accepted when at least one signature is by a pinned Debian key and verifies, and no signature by a pinned key
 * fails (signatures by keys we do not know are ignored, as apt does).
 */
public final class InReleaseVerifier {

    private static final String BEGIN_MESSAGE = "-----BEGIN PGP SIGNED MESSAGE-----";
    private static final String BEGIN_SIGNATURE = "-----BEGIN PGP SIGNATURE-----";

    private final ArchiveKeyring keyring;

    public InReleaseVerifier(ArchiveKeyring keyring) {
        this.keyring = keyring;
    }

    /** The verified text; {@code source} names the file or URL in error messages. */
    public String verify(byte[] inRelease, String source) throws FetchException {
        String all = new String(inRelease, StandardCharsets.UTF_8).replace("\r\n", "\n");
        if (!all.startsWith(BEGIN_MESSAGE + "\n")) {
            throw new FetchException(source + " is not an OpenPGP clearsigned file (an HTML error page from a proxy?)");
        }
        int headerEnd = all.indexOf("\n\n");
        int signatureStart = all.indexOf("\n" + BEGIN_SIGNATURE);
        if (headerEnd < 0 || signatureStart < headerEnd) {
            throw new FetchException(source + " has no signature block");
        }
        List<String> lines = List.of(all.substring(headerEnd + 2, signatureStart).split("\n", -1));
        String text = undoDashEscapes(lines);
        byte[] signedBytes = canonical(text);
        PGPSignatureList signatures = readSignatures(all.substring(signatureStart + 1), source);

        List<String> good = new ArrayList<>();
        for (PGPSignature signature : signatures) {
            PGPPublicKey key = keyring.key(signature.getKeyID());
            if (key == null) {
                continue;
            }
            try {
                signature.init(new BcPGPContentVerifierBuilderProvider(), key);
                signature.update(signedBytes);
                if (!signature.verify()) {
                    throw new FetchException("BAD signature on " + source + " by " + keyring.owner(key.getKeyID())
                            + ": the file was altered or corrupted; run again with --refresh");
                }
            } catch (PGPException e) {
                throw new FetchException("cannot check the signature on " + source + ": " + e.getMessage(), e);
            }
            good.add(keyring.owner(key.getKeyID()));
        }
        if (good.isEmpty()) {
            throw new FetchException(source + " is not signed by any of Debian's archive keys " + keyring.owners());
        }
        return text;
    }

    private static String undoDashEscapes(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            sb.append(line.startsWith("- ") ? line.substring(2) : line).append('\n');
        }
        return sb.toString();
    }

    /** RFC 4880 §7.1: trailing blanks removed, CRLF line ends, the last line end not signed. */
    private static byte[] canonical(String text) {
        String[] lines = text.split("\n", -1);
        StringBuilder sb = new StringBuilder();
        int count = lines.length - 1; // text ends with '\n': the last element is empty
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                sb.append("\r\n");
            }
            sb.append(lines[i].replaceAll("[ \t]+$", ""));
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static PGPSignatureList readSignatures(String armored, String source) throws FetchException {
        try (ArmoredInputStream in = new ArmoredInputStream(
                new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))) {
            Object object = new PGPObjectFactory(in, new BcKeyFingerprintCalculator()).nextObject();
            if (object instanceof PGPSignatureList list) {
                return list;
            }
            throw new FetchException(source + ": the signature block holds no signature");
        } catch (IOException e) {
            throw new FetchException(source + ": unreadable signature block: " + e.getMessage(), e);
        }
    }
}
