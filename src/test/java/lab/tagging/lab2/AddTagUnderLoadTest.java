package lab.tagging.lab2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import lab.tagging.support.Lab;
import lab.tagging.support.Points;
import lab.tagging.support.Reply;
import lab.tagging.support.Rows.Link;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("lab2")
@DisplayName("Lab 2 · addTag under concurrent and rapid requests")
class AddTagUnderLoadTest {

  private static final int REQUESTS = 20;

  private static final int ROUNDS = 5;

  @RegisterExtension
  final Lab lab = new Lab();

  @Test
  @Points(3)
  @DisplayName("20 concurrent adds of the same tag leave one row, one 201 and nineteen 200s")
  void concurrentAddsLeaveOneRow() {
    lab.http(api -> {
      long post = lab.newPost("This is a post");
      // A careless handler does not lose every race, so the race is run several times, each time
      // for a fresh tag.
      for (int round = 1; round <= ROUNDS; round++) {
        long tag = lab.newTag("tag " + round);
        String path = "/posts/" + post + "/tags/" + tag;

        List<Reply> replies = race(() -> api.post(path));

        Map<Integer, Long> statuses = replies.stream()
            .collect(Collectors.groupingBy(Reply::status, TreeMap::new, Collectors.counting()));
        String summary = "Round " + round + " of " + ROUNDS + ", answers by status: " + statuses
            + ". First answer that is neither 200 nor 201: "
            + replies.stream().filter(r -> r.status() != 200 && r.status() != 201).findFirst()
                .map(Reply::describe).orElse("none");
        assertThat(lab.rows().itemtags())
            .as("%d requests raced to add tag %d to post %d; Itemtags should end with exactly one row for the "
                + "link. %s", REQUESTS, tag, post, summary)
            .filteredOn(row -> row.tagId() == tag)
            .extracting(Link::tagId, Link::taggable, Link::taggableId)
            .containsExactly(tuple(tag, "post", post));
        assertThat(replies)
            .as("Every racing request should answer 201 or 200, never an error: when two transactions both "
                + "insert the row, the key lets one commit and the other fails; catch that PersistenceException "
                + "and run the whole transaction again, which then finds the row and answers 200. If the server "
                + "log shows IllegalStateException from Post.addTag, decide \"already there?\" with "
                + "post.findItemtag(tag), the same rows addTag checks (lab 2, task 5). " + summary)
            .allMatch(reply -> reply.status() == 200 || reply.status() == 201);
        assertThat(statuses.getOrDefault(201, 0L))
            .as("Exactly one of the racing requests created the row, so exactly one should answer 201 and the "
                + "others 200 (lab 2, tasks 3 and 5). " + summary)
            .isEqualTo(1L);
      }
    });
  }

  @Test
  @Points(1)
  @DisplayName("the 201 is sent only after the row is committed: the row is visible right away")
  void answerComesAfterTheCommit() {
    lab.http(api -> {
      long post = lab.newPost("This is a post");
      List<Long> tags = new ArrayList<>();
      for (int i = 1; i <= 10; i++) {
        tags.add(lab.newTag("tag " + i));
      }

      // Several links, each checked the moment its answer arrives: a handler that answers first
      // and writes afterwards loses this race sooner or later.
      List<Tuple> expected = new ArrayList<>();
      for (long tag : tags) {
        Reply reply = api.post("/posts/" + post + "/tags/" + tag);
        List<Link> rows = lab.rows().itemtags();
        expected.add(tuple(tag, "post", post));
        assertThat(reply.status())
            .as("Adding tag %d to post %d should answer 201 (lab 2, task 4). %s", tag, post, reply.describe())
            .isEqualTo(201);
        assertThat(rows)
            .as("Right after %s answered 201, Itemtags should already hold its row (tag_id %d, 'post', "
                + "taggable_id %d). The lesson's addTag sent 201 before the add had finished; answer only after "
                + "db.write(...) has returned, which is when the transaction has committed (lab 2, task 4)",
                reply.request(), tag, post)
            .extracting(Link::tagId, Link::taggable, Link::taggableId)
            .containsExactlyElementsOf(expected);
      }
    });
  }

  // Sends REQUESTS copies of the request at once: a barrier holds every thread until all are
  // ready, so the requests really overlap instead of running one after the other.
  private static List<Reply> race(Callable<Reply> request) throws Exception {
    CyclicBarrier start = new CyclicBarrier(REQUESTS);
    ExecutorService threads = Executors.newFixedThreadPool(REQUESTS);
    try {
      List<Future<Reply>> pending = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        pending.add(threads.submit(() -> {
          start.await(10, TimeUnit.SECONDS);
          return request.call();
        }));
      }
      List<Reply> replies = new ArrayList<>();
      for (Future<Reply> reply : pending) {
        replies.add(reply.get(60, TimeUnit.SECONDS));
      }
      return replies;
    } finally {
      threads.shutdownNow();
    }
  }
}
