package org.nodeoslab.image.debian;

import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.util.encoders.Hex;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Debian's archive signing keys: the trust root of every download.
 *
 * <p>The key material is the public keys of Debian's {@code debian-archive-keyring} package (2023.3+deb12u2),
 * exported minimal and ASCII-armored into {@code debian-archive-keys.asc} beside this class, so the trust root is
 * reviewed in git and needs no network. A key is accepted only if its primary fingerprint is in {@link #PINNED}:
 * a changed resource file cannot smuggle in another key. Signing subkeys of pinned keys are accepted too
 * (Debian signs InRelease with subkeys).
 */
public final class ArchiveKeyring {

    /** Primary-key fingerprints of the Debian archive keys for bullseye, bookworm and trixie. */
    public static final Set<String> PINNED = Set.of(
            "1F89983E0081FDE018F3CC9673A4F27B8DD47936", // Archive Automatic Signing Key (11/bullseye)
            "AC530D520F2F3269F5E98313A48449044AAD5C5D", // Security Archive Automatic Signing Key (11/bullseye)
            "A4285295FC7B1A81600062A9605C66F00D6C9793", // Stable Release Key (11/bullseye)
            "B8B80B5B623EAB6AD8775C45B7C5D7D6350947F8", // Archive Automatic Signing Key (12/bookworm)
            "05AB90340C0C5E797F44A8C8254CF3B5AEC0A8F0", // Security Archive Automatic Signing Key (12/bookworm)
            "4D64FEC119C2029067D6E791F8D2585B8783D481", // Stable Release Key (12/bookworm)
            "04B54C3CDCA79751B16BC6B5225629DF75B188BD", // Archive Automatic Signing Key (13/trixie)
            "5E04A1E3223A19A20706E20F9904613D4CCE68C6", // Security Archive Automatic Signing Key (13/trixie)
            "41587F7DB8C774BCCF131416762F67A0B2C39DE4"  // Stable Release Key (13/trixie)
    );

    private static final String RESOURCE = "debian-archive-keys.asc";

    /** Signing key (primary or subkey) by key id, with the primary key's user id for messages. */
    private final Map<Long, PGPPublicKey> keysById = new HashMap<>();
    private final Map<Long, String> ownerById = new HashMap<>();

    private ArchiveKeyring() {
    }

    /** Loads the bundled keys, keeping only pinned ones. */
    public static ArchiveKeyring debian() throws IOException {
        try (InputStream in = ArchiveKeyring.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("missing resource " + RESOURCE + " (the Debian archive keys)");
            }
            return load(in, PINNED);
        }
    }

    static ArchiveKeyring load(InputStream armored, Set<String> pinned) throws IOException {
        ArchiveKeyring keyring = new ArchiveKeyring();
        PGPPublicKeyRingCollection rings;
        try {
            rings = new PGPPublicKeyRingCollection(PGPUtil.getDecoderStream(armored), new BcKeyFingerprintCalculator());
        } catch (PGPException e) {
            throw new IOException("cannot read the Debian archive keys: " + e.getMessage(), e);
        }
        for (Iterator<PGPPublicKeyRing> it = rings.getKeyRings(); it.hasNext(); ) {
            PGPPublicKeyRing ring = it.next();
            PGPPublicKey primary = ring.getPublicKey();
            String fingerprint = Hex.toHexString(primary.getFingerprint()).toUpperCase(Locale.ROOT);
            if (!pinned.contains(fingerprint)) {
                continue;
            }
            Iterator<String> uids = primary.getUserIDs();
            String owner = (uids.hasNext() ? uids.next() : "?") + " [" + fingerprint + "]";
            for (Iterator<PGPPublicKey> keys = ring.getPublicKeys(); keys.hasNext(); ) {
                PGPPublicKey key = keys.next();
                keyring.keysById.put(key.getKeyID(), key);
                keyring.ownerById.put(key.getKeyID(), owner);
            }
        }
        if (keyring.keysById.isEmpty()) {
            throw new IOException("none of the pinned Debian archive keys is in " + RESOURCE);
        }
        return keyring;
    }

    public PGPPublicKey key(long keyId) {
        return keysById.get(keyId);
    }

    public String owner(long keyId) {
        return ownerById.get(keyId);
    }

    public List<String> owners() {
        return new ArrayList<>(new java.util.TreeSet<>(ownerById.values()));
    }
}
