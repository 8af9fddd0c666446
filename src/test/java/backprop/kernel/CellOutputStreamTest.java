package backprop.kernel;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CellOutputStreamTest {

    /** Records each piece handed on, decoded strictly as UTF-8. */
    private static final class Pieces extends OutputStream {
        final List<String> pieces = new ArrayList<>();
        final ByteArrayOutputStream current = new ByteArrayOutputStream();

        @Override public void write(int b) { current.write(b); }
        @Override public void write(byte[] b, int off, int len) { current.write(b, off, len); }
        @Override public void flush() throws IOException {
            if (current.size() == 0) return;
            pieces.add(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(current.toByteArray())).toString());
            current.reset();
        }
    }

    @Test
    void manySmallWritesArriveAsOnePiece() throws IOException {
        Pieces target = new Pieces();
        CellOutputStream out = new CellOutputStream(target);
        for (int i = 0; i < 1000; i++) out.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        assertEquals(1, target.pieces.size());
        assertTrue(target.pieces.get(0).endsWith("line 999\n"));
    }

    @Test
    void piecesNeverSplitACharacterAndNothingIsLost() throws IOException {
        Pieces target = new Pieces();
        CellOutputStream out = new CellOutputStream(target);
        StringBuilder all = new StringBuilder();
        String text = "σ(z)=1/(1+e⁻ᶻ) ✓ 𝛿 ";
        while (all.length() < 3 * CellOutputStream.MAX_PIECE) all.append(text);
        byte[] bytes = all.toString().getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += 7) out.write(bytes, i, Math.min(7, bytes.length - i));
        out.flush();
        assertTrue(target.pieces.size() > 1, "large output comes in several pieces");
        assertEquals(all.toString(), String.join("", target.pieces));
    }

    @Test
    void wholeCharacters() {
        byte[] sigma = "aσ".getBytes(StandardCharsets.UTF_8); // 61 CF 83
        assertEquals(3, CellOutputStream.wholeCharacters(sigma));
        assertEquals(1, CellOutputStream.wholeCharacters(new byte[] {0x61, (byte) 0xCF}));
        byte[] check = "✓".getBytes(StandardCharsets.UTF_8); // 3 bytes
        assertEquals(0, CellOutputStream.wholeCharacters(new byte[] {check[0], check[1]}));
    }
}
