package io.userflowsync.source;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises everything that writes a work directory (fetch, snapshots, last good), both between threads of this
 * JVM (a scheduled run and a webhook-triggered one) and between processes (the daemon and a CLI run sharing the
 * directory). Reentrant, so the resolver can hold it around a fetch that takes it again.
 */
final class WorkDirLock {
    private static final ConcurrentMap<Path, WorkDirLock> LOCKS = new ConcurrentHashMap<>();

    private final Path lockFile;
    private final ReentrantLock threads = new ReentrantLock();
    private FileChannel channel;
    private FileLock processes;

    private WorkDirLock(Path lockFile) {
        this.lockFile = lockFile;
    }

    static WorkDirLock of(Path workDir) {
        Path key = workDir.toAbsolutePath().normalize();
        return LOCKS.computeIfAbsent(key, k -> new WorkDirLock(k.resolve(".lock")));
    }

    /** Blocks until this thread holds the work directory. */
    Held acquire() throws IOException {
        threads.lock();
        try {
            if (threads.getHoldCount() == 1) {
                Files.createDirectories(lockFile.getParent());
                channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                processes = channel.lock();
            }
        } catch (IOException | RuntimeException e) {
            closeChannel();
            threads.unlock();
            throw e;
        }
        return this::release;
    }

    private void release() {
        try {
            if (threads.getHoldCount() == 1) {
                closeChannel();
            }
        } finally {
            threads.unlock();
        }
    }

    private void closeChannel() {
        try {
            if (processes != null) {
                processes.release();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // closing the channel releases the lock anyway
        } finally {
            processes = null;
            channel = null;
        }
    }

    /** A held lock; closing it releases one level. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
