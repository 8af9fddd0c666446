package backprop.kernel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Gathers what a cell prints and hands it on in pieces: when {@link #flush()} is called (the
 * kernel does so every 100 ms while a cell runs, and when it ends) or when 64 KiB have gathered.
 * A thousand quick {@code println}s thus reach the notebook as one stream output instead of a
 * thousand, and a piece never ends inside a multi-byte UTF-8 character.
 */
final class CellOutputStream extends OutputStream {

    static final int MAX_PIECE = 64 * 1024;

    private final OutputStream target;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    CellOutputStream(OutputStream target) {
        this.target = target;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        pending.write(b);
        if (pending.size() >= MAX_PIECE) flush();
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        pending.write(b, off, len);
        if (pending.size() >= MAX_PIECE) flush();
    }

    /** Hands on everything gathered up to the last whole character. */
    @Override
    public synchronized void flush() throws IOException {
        if (pending.size() == 0) return;
        byte[] bytes = pending.toByteArray();
        int end = wholeCharacters(bytes);
        target.write(bytes, 0, end);
        target.flush();
        pending.reset();
        pending.write(bytes, end, bytes.length - end);
    }

    /** The length of the longest prefix that does not end inside a UTF-8 character. */
    static int wholeCharacters(byte[] bytes) {
        int i = bytes.length;
        int back = 0;
        while (i > 0 && back < 4 && (bytes[i - 1] & 0xC0) == 0x80) { // continuation bytes 10xxxxxx
            i--;
            back++;
        }
        if (i == 0) return bytes.length;
        int lead = bytes[i - 1] & 0xFF;
        int needed = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return needed == back + 1 ? bytes.length : i - 1;
    }
}
