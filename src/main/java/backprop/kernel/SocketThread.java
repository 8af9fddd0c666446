package backprop.kernel;

/** The thread that alone uses one of the kernel's sockets, and closes it as it ends (ZeroMQ sockets are not thread-safe). */
final class SocketThread {

    private SocketThread() {
    }

    /**
     * After the thread was told to stop: waits up to a second for it to end (a thread busy with a long
     * cell is left to the process's exit); with no thread, or called from it, closes the socket at once.
     */
    static void awaitEnd(Thread loop, Runnable closeSocket) {
        if (loop == null || Thread.currentThread() == loop) {
            closeSocket.run();
            return;
        }
        try {
            loop.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Returns once the thread has ended (at once if there is none). */
    static void join(Thread loop) {
        if (loop == null) return;
        try {
            loop.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
