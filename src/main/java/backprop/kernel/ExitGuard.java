package backprop.kernel;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Keeps {@code System.exit} in a cell from ending the kernel. Cells run inside the kernel's JVM,
 * where System.exit would end the kernel without a word and lose every variable. Before a cell's
 * class is loaded, its calls to {@code System.exit(int)} are pointed at {@link #exit(int)} instead,
 * which fails the cell with a message. (Only the constant pool changes: the Methodref's class
 * becomes this class; the code itself is untouched.) Code in jars is left alone.
 */
public final class ExitGuard {

    private ExitGuard() {}

    /** What a cell's {@code System.exit(status)} does in this kernel. */
    public static final class SystemExitCalled extends RuntimeException {
        SystemExitCalled(int status) {
            super("System.exit(" + status + ") would end the kernel and lose every variable, so this kernel "
                    + "does not exit: the cell stops here and everything else stays. To start afresh, use Kernel → Restart.");
        }
    }

    /** Called instead of System.exit by a cell's code. */
    public static void exit(int status) {
        throw new SystemExitCalled(status);
    }

    private static final String GUARD = ExitGuard.class.getName().replace('.', '/');

    /** The class file with every {@code java/lang/System.exit:(I)V} reference pointed here. */
    static byte[] guard(byte[] classFile) {
        ByteBuffer in = ByteBuffer.wrap(classFile);
        in.position(8);
        int count = in.getShort() & 0xFFFF;
        int[] offset = new int[count];
        byte[] tag = new byte[count];
        for (int i = 1; i < count; i++) {
            offset[i] = in.position();
            tag[i] = in.get();
            switch (tag[i]) {
                case 1 -> {
                    int length = in.getShort() & 0xFFFF;
                    in.position(in.position() + length);
                }
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.position(in.position() + 4);
                case 5, 6 -> { in.position(in.position() + 8); i++; }
                case 7, 8, 16, 19, 20 -> in.position(in.position() + 2);
                case 15 -> in.position(in.position() + 3);
                default -> { return classFile; } // a class file this parser does not know: leave it
            }
        }
        int poolEnd = in.position();
        byte[] out = classFile.clone();
        boolean patched = false;
        for (int i = 1; i < count; i++) {
            if (tag[i] != 10) continue; // Methodref
            int classIndex = u2(classFile, offset[i] + 1), natIndex = u2(classFile, offset[i] + 3);
            if (tag[classIndex] != 7 || tag[natIndex] != 12) continue;
            if (!"java/lang/System".equals(utf8(classFile, offset, u2(classFile, offset[classIndex] + 1)))) continue;
            if (!"exit".equals(utf8(classFile, offset, u2(classFile, offset[natIndex] + 1)))) continue;
            if (!"(I)V".equals(utf8(classFile, offset, u2(classFile, offset[natIndex] + 3)))) continue;
            // the new Class entry will be at index count + 1 (its name, a Utf8, at count)
            out[offset[i] + 1] = (byte) ((count + 1) >> 8);
            out[offset[i] + 2] = (byte) (count + 1);
            patched = true;
        }
        if (!patched) return classFile;
        try {
            ByteArrayOutputStream result = new ByteArrayOutputStream(classFile.length + 64);
            DataOutputStream data = new DataOutputStream(result);
            data.write(out, 0, 8);
            data.writeShort(count + 2);
            data.write(out, 10, poolEnd - 10);
            data.writeByte(1);
            data.writeUTF(GUARD);
            data.writeByte(7);
            data.writeShort(count);
            data.write(out, poolEnd, out.length - poolEnd);
            return result.toByteArray();
        } catch (IOException e) {
            return classFile;
        }
    }

    private static int u2(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static String utf8(byte[] b, int[] offset, int index) {
        if (index <= 0 || index >= offset.length || b[offset[index]] != 1) return null;
        int length = u2(b, offset[index] + 1);
        return new String(b, offset[index] + 3, length, StandardCharsets.UTF_8);
    }
}
