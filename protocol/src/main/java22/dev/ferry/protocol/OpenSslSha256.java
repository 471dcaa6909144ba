package dev.ferry.protocol;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;

/**
 * SHA-256 from the system's OpenSSL (libcrypto 3, EVP interface) through the FFM API, final
 * in Java 22: this file is compiled for 22 and {@link Sha256Engines} loads it by name, so
 * Ferry still runs on 21 (with the JDK's SHA-256).
 *
 * <p>Why: the client runs with C1 alone (its start is what a command-line client pays for,
 * bench/RESULTS.md), and only C2 compiles the JDK's SHA-256 to the CPU's SHA instructions.
 * Measured here, 512 MiB in 256 KiB updates: OpenSSL 0.57-0.60 ns a byte, the JDK's 7.2
 * under C1 and 0.76 under C2. Byte arrays are passed in place (critical downcalls), never
 * copied. Only the client uses it; the server, under C2, keeps the JDK's:
 * with this engine its CPU for a 1 GiB upload read 1.70 s against 1.79 (medians of 8
 * interleaved uploads, 1.49-3.24 s spread), inside the noise.
 */
public final class OpenSslSha256 implements Sha256.Engine {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout ADDRESS = ValueLayout.ADDRESS;

    private final MethodHandle newContext;
    private final MethodHandle freeContext;
    private final MethodHandle init;
    private final MethodHandle update;
    private final MethodHandle finish;
    private final MemorySegment sha256;

    /** Binds libcrypto.so.3; throws when this machine has none (the caller then uses the JDK's). */
    public OpenSslSha256() throws Throwable {
        Linker linker = Linker.nativeLinker();
        SymbolLookup crypto = SymbolLookup.libraryLookup("libcrypto.so.3", Arena.global());
        Linker.Option inPlace = Linker.Option.critical(true);
        newContext = linker.downcallHandle(crypto.find("EVP_MD_CTX_new").orElseThrow(), FunctionDescriptor.of(ADDRESS));
        freeContext = linker.downcallHandle(crypto.find("EVP_MD_CTX_free").orElseThrow(), FunctionDescriptor.ofVoid(ADDRESS));
        init = linker.downcallHandle(crypto.find("EVP_DigestInit_ex").orElseThrow(),
                FunctionDescriptor.of(INT, ADDRESS, ADDRESS, ADDRESS));
        update = linker.downcallHandle(crypto.find("EVP_DigestUpdate").orElseThrow(),
                FunctionDescriptor.of(INT, ADDRESS, ADDRESS, ValueLayout.JAVA_LONG), inPlace);
        finish = linker.downcallHandle(crypto.find("EVP_DigestFinal_ex").orElseThrow(),
                FunctionDescriptor.of(INT, ADDRESS, ADDRESS, ADDRESS), inPlace);
        MethodHandle algorithm = linker.downcallHandle(crypto.find("EVP_sha256").orElseThrow(), FunctionDescriptor.of(ADDRESS));
        sha256 = (MemorySegment) algorithm.invokeExact();
        if (sha256.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("OpenSSL has no SHA-256");
        }
    }

    @Override
    public Sha256 get() {
        return new Computation();
    }

    /** One EVP context: made here, freed by {@link #close}. */
    private final class Computation implements Sha256 {
        private MemorySegment context;

        Computation() {
            try {
                context = (MemorySegment) newContext.invokeExact();
                if (context.equals(MemorySegment.NULL)) {
                    throw new OutOfMemoryError("OpenSSL could not allocate a digest context");
                }
                check((int) init.invokeExact(context, sha256, MemorySegment.NULL), "EVP_DigestInit_ex");
            } catch (Throwable e) {
                close();
                throw rethrown(e);
            }
        }

        @Override
        public void update(byte[] bytes, int offset, int length) {
            MemorySegment slice = MemorySegment.ofArray(bytes).asSlice(offset, length); // bounds checked here
            try {
                check((int) update.invokeExact(live(), slice, (long) length), "EVP_DigestUpdate");
            } catch (Throwable e) {
                throw rethrown(e);
            }
        }

        @Override
        public void update(ByteBuffer buffer) {
            if (!buffer.isDirect()) { // not what Ferry passes; a copy keeps it simple
                byte[] copy = new byte[buffer.remaining()];
                buffer.get(copy);
                update(copy, 0, copy.length);
                return;
            }
            MemorySegment bytes = MemorySegment.ofBuffer(buffer); // exactly the remaining bytes
            try {
                check((int) update.invokeExact(live(), bytes, bytes.byteSize()), "EVP_DigestUpdate");
            } catch (Throwable e) {
                throw rethrown(e);
            }
            buffer.position(buffer.limit());
        }

        @Override
        public byte[] digest() {
            byte[] hash = new byte[32];
            try {
                check((int) finish.invokeExact(live(), MemorySegment.ofArray(hash), MemorySegment.NULL), "EVP_DigestFinal_ex");
            } catch (Throwable e) {
                throw rethrown(e);
            }
            return hash;
        }

        @Override
        public void close() {
            if (context != null && !context.equals(MemorySegment.NULL)) {
                try {
                    freeContext.invokeExact(context);
                } catch (Throwable e) {
                    throw rethrown(e);
                }
            }
            context = null;
        }

        private MemorySegment live() {
            if (context == null) {
                throw new IllegalStateException("this SHA-256 computation is closed");
            }
            return context;
        }
    }

    private static void check(int result, String function) {
        if (result != 1) {
            throw new IllegalStateException(function + " failed");
        }
    }

    private static RuntimeException rethrown(Throwable e) {
        if (e instanceof RuntimeException r) {
            return r;
        }
        if (e instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(e);
    }
}
