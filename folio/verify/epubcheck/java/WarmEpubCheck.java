// EPUBCheck kept warm between builds (folio/verify/epubcheck/warm.py starts it; see its docstring).
//
// java -cp epubcheck.jar WarmEpubCheck.java SOCKET WARMUP_DIR IDLE_SECONDS
//
// Listens on the Unix socket SOCKET (bound first, so a build that connects during the warm-up
// just waits), checks WARMUP_DIR (an expanded EPUB) once, so that Java has loaded EPUBCheck's
// classes and compiled its schemas, then answers one request per connection, in turn:
// "EPUB<TAB>REPORT.json" is checked as `epubcheck EPUB --json REPORT.json` would check it and
// answered "done <EPUBCheck's exit code>" or "failed <reason>"; "ping" is answered "pong" (a
// build's proof that the service is alive before it waits minutes for a check); "stop" is answered "stopped"
// and ends the process, as do IDLE_SECONDS without a request. EPUBCheck's own console output is
// discarded: the JSON report holds every message.

import com.adobe.epubcheck.tool.EpubChecker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

public class WarmEpubCheck {
    public static void main(String[] args) throws Exception {
        Path socket = Path.of(args[0]);
        long idleMillis = Long.parseLong(args[2]) * 1000;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        try {
            new EpubChecker().run(new String[] {args[1], "--mode", "exp", "--quiet"});
            server.configureBlocking(false);
            Selector selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
            while (selector.select(idleMillis) > 0) {
                selector.selectedKeys().clear();
                SocketChannel client = server.accept();
                if (client != null && !answer(client, socket)) {
                    break;
                }
            }
        } finally {
            // The path first: a build that finds it gone starts a new process, whose socket this
            // one must not remove; a build already waiting in the queue sees the connection end.
            Files.deleteIfExists(socket);
            server.close();
        }
    }

    /** Answers one request; false when asked to stop (the socket is gone when it says so). */
    static boolean answer(SocketChannel client, Path socket) throws IOException {
        client.configureBlocking(true);
        try (client) {
            BufferedReader in = new BufferedReader(Channels.newReader(client, StandardCharsets.UTF_8));
            Writer out = Channels.newWriter(client, StandardCharsets.UTF_8);
            String request = in.readLine();
            if (request == null) {
                return true; // a probe: someone checked that this process is there
            }
            if (request.equals("ping")) {
                out.write("pong\n");
                out.flush();
                return true;
            }
            if (request.equals("stop")) {
                Files.deleteIfExists(socket);
                out.write("stopped\n");
                out.flush();
                return false;
            }
            String[] paths = request.split("\t");
            String reply;
            if (paths.length != 2) {
                reply = "failed not EPUB<TAB>REPORT: " + request;
            } else {
                try {
                    reply = "done " + new EpubChecker().run(new String[] {paths[0], "--json", paths[1]});
                } catch (Exception | Error e) {
                    reply = "failed " + e;
                }
            }
            out.write(reply.replace('\n', ' ') + "\n");
            out.flush();
            return true;
        } catch (IOException e) {
            return true; // the build went away: serve the next one
        }
    }
}
