package lab.tagging.grading.trusted;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.h2.tools.Server;

/**
 * The main class of a database host: a trusted process of its own that holds the submissions'
 * in-memory H2 databases, so that neither the grader's JVM nor a submission's hosts the SQL a
 * submission sends. It listens on a loopback port and takes commands on standard input:
 * {@code create NAME ADMIN_PASSWORD APP_PASSWORD} and {@code drop NAME}, answering {@code ok}
 * or {@code error …}. It ends when its input does.
 *
 * <p>Each database has two users: {@code grader}, its admin, for the graded tests, and
 * {@code app}, for the submission, which may create and change tables but has no admin rights:
 * no {@code CREATE ALIAS}, no file functions, no {@code SCRIPT}, no changing the statistics.
 */
public final class DbHostMain {

  private DbHostMain() {}

  public static void main(String[] args) throws Exception {
    // Only databases created here can be opened over TCP: no remote creation, no files.
    Server server = Server.createTcpServer("-tcpPort", "0").start();
    System.out.println("port " + server.getPort());
    System.out.flush();
    Map<String, Connection> open = new HashMap<>();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      String[] words = line.strip().split(" ");
      try {
        if (words[0].equals("create") && words.length == 4 && words[1].matches("[a-z0-9-]{1,64}")) {
          // The connection kept open keeps the in-memory database alive until it is dropped.
          Connection admin = DriverManager.getConnection("jdbc:h2:mem:" + words[1], "grader", words[2]);
          try (Statement s = admin.createStatement()) {
            s.execute("create user app password '" + words[3].replace("'", "''") + "'");
            s.execute("grant alter any schema to app");
            s.execute("set query_statistics_max_entries 1000");
          }
          open.put(words[1], admin);
          System.out.println("ok");
        } else if (words[0].equals("drop") && words.length == 2 && open.containsKey(words[1])) {
          Connection admin = open.remove(words[1]);
          try (Statement s = admin.createStatement()) {
            s.execute("shutdown immediately");
          } catch (SQLException closedAlready) {
            // A database that is gone is dropped.
          }
          System.out.println("ok");
        } else {
          System.out.println("error unknown command");
        }
      } catch (SQLException e) {
        System.out.println("error " + String.valueOf(e.getMessage()).replace('\n', ' '));
      }
      System.out.flush();
    }
    server.stop();
    System.exit(0);
  }
}
