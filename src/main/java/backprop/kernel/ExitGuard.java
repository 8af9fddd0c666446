package backprop.kernel;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Keeps a cell from ending the kernel. Cells run inside the kernel's JVM, where
 * {@code System.exit}, {@code Runtime.exit} or {@code Runtime.halt} would end the kernel without a
 * word and lose every variable. Before a cell's class is loaded, ASM points its calls to them
 * (direct calls and method references alike) at this class instead, which fails the cell with a
 * message. The stack is the same before and after each call, so nothing else in the code changes.
 * Code in jars is left alone.
 */
public final class ExitGuard {

    private ExitGuard() {}

    /** What a cell's {@code System.exit(status)} (or Runtime's exit or halt) does in this kernel. */
    public static final class SystemExitCalled extends RuntimeException {
        SystemExitCalled(String call) {
            super(call + " would end the kernel and lose every variable, so this kernel does not exit: "
                    + "the cell stops here and everything else stays. To start afresh, use Kernel → Restart.");
        }
    }

    /** Called instead of {@code System.exit(status)} by a cell's code. */
    public static void exit(int status) {
        throw new SystemExitCalled("System.exit(" + status + ")");
    }

    /** Called instead of {@code runtime.exit(status)} by a cell's code. */
    public static void exit(Runtime runtime, int status) {
        throw new SystemExitCalled("Runtime.exit(" + status + ")");
    }

    /** Called instead of {@code runtime.halt(status)} by a cell's code. */
    public static void halt(Runtime runtime, int status) {
        throw new SystemExitCalled("Runtime.halt(" + status + ")");
    }

    private static final String GUARD = Type.getInternalName(ExitGuard.class);

    /**
     * The class file with its calls to System.exit, Runtime.exit and Runtime.halt pointed here;
     * the same array when it has none, or when it is newer than this ASM can read.
     */
    static byte[] guard(byte[] classFile) {
        ClassReader reader;
        try {
            reader = new ClassReader(classFile);
        } catch (IllegalArgumentException newerThanAsmKnows) {
            return classFile;
        }
        ClassWriter writer = new ClassWriter(reader, 0);
        Redirect redirect = new Redirect(writer);
        reader.accept(redirect, 0);
        return redirect.changed ? writer.toByteArray() : classFile;
    }

    /** Rewrites each call and method handle that would end the JVM. */
    private static final class Redirect extends ClassVisitor {
        boolean changed;

        Redirect(ClassVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                @Override
                public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
                    Handle guarded = guarded(owner, name, descriptor);
                    if (guarded == null) {
                        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
                    } else {
                        // invokevirtual Runtime.exit(int) takes (runtime, status), as exit(Runtime, int) does
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD, guarded.getName(), guarded.getDesc(), false);
                    }
                }

                @Override
                public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
                    Object[] replaced = arguments.clone();
                    for (int i = 0; i < replaced.length; i++) replaced[i] = guardedConstant(replaced[i]);
                    super.visitInvokeDynamicInsn(name, descriptor, bootstrap, replaced);
                }

                @Override
                public void visitLdcInsn(Object value) {
                    super.visitLdcInsn(guardedConstant(value));
                }
            };
        }

        /** A method handle ({@code System::exit}) to one of those methods, pointed here. */
        private Object guardedConstant(Object constant) {
            if (constant instanceof Handle h) {
                Handle guarded = guarded(h.getOwner(), h.getName(), h.getDesc());
                if (guarded != null) return guarded;
            }
            return constant;
        }

        /** This class's replacement for owner.name(descriptor), or null when it ends nothing. */
        private Handle guarded(String owner, String name, String descriptor) {
            if (!descriptor.equals("(I)V")) return null;
            String guardDescriptor;
            if (owner.equals("java/lang/System") && name.equals("exit")) {
                guardDescriptor = "(I)V";
            } else if (owner.equals("java/lang/Runtime") && (name.equals("exit") || name.equals("halt"))) {
                guardDescriptor = "(Ljava/lang/Runtime;I)V";
            } else {
                return null;
            }
            changed = true;
            return new Handle(Opcodes.H_INVOKESTATIC, GUARD, name, guardDescriptor, false);
        }
    }
}
