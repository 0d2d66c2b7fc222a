// Fallback readiness probe for deploy/local/kafka.sh when the node `kafkajs`
// package is not installed. Run as a single-file source program (Java 11+)
// against the broker's own jars (kafka-clients is among them):
//
//   java -cp "<cache>/libs/*" deploy/local/kafka/KafkaReady.java [host:port] [timeoutMs]
//
// Exit 0 when the broker answers describeCluster + listTopics, 1 otherwise.
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;

public class KafkaReady {
  public static void main(String[] args) {
    String broker = args.length > 0 ? args[0] : "127.0.0.1:9092";
    int timeoutMs = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker);
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "pxr-kafka-ready");
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
    p.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 2000));
    p.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, Math.min(timeoutMs, 2000));
    int code = 1;
    try (Admin admin = Admin.create(p)) {
      DescribeClusterResult cluster = admin.describeCluster();
      int brokers = cluster.nodes().get(timeoutMs, TimeUnit.MILLISECONDS).size();
      boolean controller = !cluster.controller().get(timeoutMs, TimeUnit.MILLISECONDS).isEmpty();
      int topics = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS).size();
      if (brokers > 0 && controller) {
        System.out.println("kafka-ready(java): ok brokers=" + brokers + " topics=" + topics);
        code = 0;
      } else {
        System.err.println("kafka-ready(java): not ready: brokers=" + brokers + " controller=" + controller);
      }
    } catch (Exception e) {
      System.err.println("kafka-ready(java): not ready: " + e);
    }
    System.exit(code);
  }
}
