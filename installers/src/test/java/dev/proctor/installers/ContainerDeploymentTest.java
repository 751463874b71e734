package dev.proctor.installers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proctor.format.Json;
import dev.proctor.gateway.GatewayConfig;
import dev.proctor.gateway.policy.Policy;
import dev.proctor.gateway.policy.PolicyParser;
import dev.proctor.gateway.policy.PolicyRule;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The Dockerfile, the compose stack and the Kubernetes manifests, checked without Docker or a
 * cluster: every YAML file parses; every gateway config in them is read by the gateway's own parser
 * (which refuses unknown keys) and its policy by the policy parser; images, ports, mounts, names
 * and selectors agree with each other.
 */
class ContainerDeploymentTest {
  private static final Path COMPOSE = Path.of("compose");
  private static final Path K8S = Path.of("k8s");
  private static final String IMAGE = "ghcr.io/proctor-dev/proctor-gateway:0.1.0";

  @TempDir static Path tmp;
  static Map<String, Object> compose;
  static Map<String, Map<String, Object>> k8s = new java.util.LinkedHashMap<>(); // by kind

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void parse() throws IOException {
    compose = new Yaml().load(Files.readString(COMPOSE.resolve("docker-compose.yml")));
    try (Stream<Path> files = Files.list(K8S)) {
      for (Path file : files.sorted().toList()) {
        for (Object doc : new Yaml().loadAll(Files.readString(file))) {
          Map<String, Object> resource = (Map<String, Object>) doc;
          assertThat(resource).as(file.toString()).containsKeys("apiVersion", "kind");
          k8s.put((String) resource.get("kind"), resource);
        }
      }
    }
  }

  @Test
  void everyManifestIsListedInTheKustomization() throws IOException {
    List<String> listed = list(k8s.get("Kustomization"), "resources");
    try (Stream<Path> files = Files.list(K8S)) {
      assertThat(listed)
          .containsExactlyInAnyOrderElementsOf(
              files
                  .map(f -> f.getFileName().toString())
                  .filter(n -> !n.equals("kustomization.yaml"))
                  .toList());
    }
    assertThat(k8s)
        .containsKeys(
            "ConfigMap", "Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler");
  }

  @Test
  void theConfigMapsGatewayConfigAndPolicyAreValid() throws Exception {
    Map<String, Object> data = map(k8s.get("ConfigMap"), "data");
    GatewayConfig config = read((String) data.get("gateway.yaml"));
    Policy policy = PolicyParser.parse((String) data.get("policy.yaml"), "policy.yaml");

    assertThat(policy.rules()).extracting(PolicyRule::name).contains("contractors-need-approval");
    assertThat(config.s3().encryption()).isEqualTo("sse-kms");
    assertPortsAre(config, 8080, 8081);

    // every file the config names lies in a volume the pod mounts; secrets carry the named keys
    Map<String, Object> container = container();
    Map<String, String> mounts = new java.util.HashMap<>();
    for (Object m : (List<?>) container.get("volumeMounts")) {
      Map<?, ?> mount = (Map<?, ?>) m;
      mounts.put((String) mount.get("mountPath"), (String) mount.get("name"));
    }
    assertThat(list(container, "args"))
        .containsExactly("--config", "/etc/proctor/config/gateway.yaml");
    assertMountedAs(mounts, "/etc/proctor/config/gateway.yaml", "config");
    assertMountedAs(mounts, config.policy().file().orElseThrow().toString(), "config");
    assertMountedAs(mounts, config.masking().fingerprintKeyFile().toString(), "secrets");
    assertMountedAs(mounts, config.signingKeyFile().toString(), "signing-key");
    assertMountedAs(mounts, config.recording().spoolDir() + "/x", "spool");
    assertMountedAs(
        mounts,
        config.connections().getFirst().credential().toString().split(" file ")[1],
        "secrets");
    Map<String, Object> volumes = new java.util.HashMap<>();
    for (Object v : list(podSpec(), "volumes")) {
      volumes.put((String) ((Map<?, ?>) v).get("name"), v);
    }
    assertThat(volumes).containsKeys(mounts.values().toArray(String[]::new));
    assertThat(map(map(volumes, "config"), "configMap").get("name"))
        .isEqualTo(map(k8s.get("ConfigMap"), "metadata").get("name"));
    assertThat(map(volumes, "spool")).containsKey("ephemeral");
    assertThat(Files.readString(K8S.resolve("deployment.yaml")))
        .as("the Secrets the pod mounts are documented where they are referenced")
        .contains("proctor-gateway-secrets      openai-api-key, anthropic-api-key, fingerprint.key")
        .contains("proctor-gateway-signing-key  manifest-signing.jwk.json");
  }

  @Test
  void portsProbesAndSelectorsAgree() {
    Map<String, Object> container = container();
    Map<String, Integer> ports = new java.util.HashMap<>();
    for (Object p : list(container, "ports")) {
      ports.put(
          (String) ((Map<?, ?>) p).get("name"), (Integer) ((Map<?, ?>) p).get("containerPort"));
    }
    assertThat(ports).containsExactlyInAnyOrderEntriesOf(Map.of("proxy", 8080, "admin", 8081));
    assertThat(dockerfileExposes()).containsExactlyInAnyOrder(8080, 8081);
    assertThat(map(map(container, "readinessProbe"), "httpGet"))
        .containsEntry("path", "/admin/v1/health")
        .containsEntry("port", "admin");
    assertThat(map(map(container, "livenessProbe"), "httpGet"))
        .containsEntry("path", "/health")
        .containsEntry("port", "proxy");
    assertThat(container.get("image")).isEqualTo(IMAGE);

    Map<String, Object> podLabels =
        map(map(map(k8s.get("Deployment"), "spec"), "template"), "metadata");
    Map<String, Object> labels = map(podLabels, "labels");
    assertThat(labels)
        .containsAllEntriesOf(
            map(map(map(k8s.get("Deployment"), "spec"), "selector"), "matchLabels"));
    assertThat(labels).containsAllEntriesOf(map(map(k8s.get("Service"), "spec"), "selector"));
    assertThat(labels)
        .containsAllEntriesOf(
            map(map(map(k8s.get("PodDisruptionBudget"), "spec"), "selector"), "matchLabels"));
    for (Object p : list(map(k8s.get("Service"), "spec"), "ports")) {
      assertThat(ports).containsKey((String) ((Map<?, ?>) p).get("targetPort"));
    }
    Map<String, Object> target =
        map(map(k8s.get("HorizontalPodAutoscaler"), "spec"), "scaleTargetRef");
    assertThat(target)
        .containsEntry("kind", "Deployment")
        .containsEntry("name", map(k8s.get("Deployment"), "metadata").get("name"));
    int replicas = (Integer) map(k8s.get("Deployment"), "spec").get("replicas");
    int minAvailable = (Integer) map(k8s.get("PodDisruptionBudget"), "spec").get("minAvailable");
    assertThat(minAvailable).as("a drain can always proceed").isLessThan(replicas);
  }

  @Test
  void theComposeStackIsConsistent() throws Exception {
    Map<String, Object> services = map(compose, "services");
    assertThat(services).containsKeys("gateway", "minio", "keycloak", "bucket");
    Map<String, Object> gateway = map(services, "gateway");
    assertThat(gateway.get("image")).isEqualTo(IMAGE);
    Map<String, Object> build = map(gateway, "build");
    assertThat(
            COMPOSE
                .resolve((String) build.get("context"))
                .resolve((String) build.get("dockerfile")))
        .exists();

    GatewayConfig config = read(Files.readString(COMPOSE.resolve("gateway.yaml")));
    Policy policy = PolicyParser.read(COMPOSE.resolve("policy.yaml"));
    assertPortsAre(config, 8080, 8081);
    assertThat(list(gateway, "ports")).contains("8080:8080", "8081:8081");
    assertThat(list(gateway, "command")).containsExactly("--config", "/etc/proctor/gateway.yaml");
    List<String> volumes = list(gateway, "volumes");
    assertThat(volumes)
        .contains(
            "./gateway.yaml:/etc/proctor/gateway.yaml:ro",
            "./policy.yaml:" + config.policy().file().orElseThrow() + ":ro",
            "gateway-data:/var/lib/proctor");
    assertThat(config.recording().spoolDir()).startsWithRaw(Path.of("/var/lib/proctor"));
    assertThat(config.masking().fingerprintKeyFile()).startsWithRaw(Path.of("/var/lib/proctor"));
    assertThat(config.s3().bucket()).isEqualTo("proctor-recordings");
    assertThat(ContainerDeploymentTest.<String>list(map(services, "bucket"), "command").getFirst())
        .contains("local/" + config.s3().bucket());
    assertThat(config.s3().endpoint().orElseThrow().toString()).isEqualTo("http://minio:9000");
    assertThat(list(map(services, "minio"), "ports")).contains("9000:9000");
    assertThat(map(gateway, "environment"))
        .as("S3 credentials come from the environment, not the config file")
        .containsKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
    assertThat(Files.readString(COMPOSE.resolve("gateway.yaml"))).doesNotContain("secret-key");

    // Keycloak: the issuer the gateway trusts is the realm's public address; the realm's users
    // are in the groups the compose policy names, and tokens carry the audience the gateway wants
    Map<String, Object> keycloak = map(services, "keycloak");
    String hostPort = ((String) list(keycloak, "ports").getFirst()).split(":")[0];
    JsonNode realm =
        Json.mapper().readTree(Files.readString(COMPOSE.resolve("keycloak/proctor-realm.json")));
    assertThat(config.issuers().getFirst().issuer())
        .isEqualTo("http://localhost:" + hostPort + "/realms/" + realm.get("realm").asText());
    assertThat(map(keycloak, "environment"))
        .containsEntry("KC_HOSTNAME", "http://localhost:" + hostPort);
    assertThat(list(keycloak, "volumes"))
        .contains("./keycloak/proctor-realm.json:/opt/keycloak/data/import/proctor-realm.json:ro");
    assertThat(list(keycloak, "command")).contains("--import-realm");
    Set<String> realmGroups = new HashSet<>();
    realm.get("groups").forEach(g -> realmGroups.add(g.get("name").asText()));
    Set<String> users = new TreeSet<>();
    realm.get("users").forEach(u -> users.add(u.get("username").asText()));
    assertThat(users).containsExactly("alice", "bob", "carol", "dave");
    assertThat(realmGroups).containsAll(policyGroups(COMPOSE.resolve("policy.yaml")));
    assertThat(realmGroups).containsAll(config.access().adminGroups());
    JsonNode client = realm.get("clients").get(0);
    assertThat(client.get("clientId").asText()).isEqualTo("proctor");
    assertThat(client.toString())
        .contains("\"included.client.audience\":\"proctor\"")
        .contains("\"claim.name\":\"groups\"");
    assertThat(config.issuers().getFirst().audiences()).contains("proctor");
    assertThat(policy.rules()).isNotEmpty();
  }

  @Test
  void theImageRunsTheDistributionAsItsOwnUser() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("Dockerfile"));
    assertThat(lines).contains("FROM eclipse-temurin:25-jre", "USER 10001:10001");
    assertThat(lines)
        .anyMatch(
            l ->
                l.contains("\"java\", \"@/opt/proctor-gateway/gateway.options\"")
                    && l.contains("\"-jar\", \"/opt/proctor-gateway/proctor-gateway.jar\""));
    assertThat(lines).contains("CMD [\"--config\", \"/etc/proctor/gateway.yaml\"]");
    assertThat((Integer) map(podSpec(), "securityContext").get("runAsUser")).isEqualTo(10001);
    for (String line : lines) {
      if (line.startsWith("COPY ")) {
        for (String source : line.substring(5).split(" ")) {
          if (!source.startsWith("/")) {
            assertThat(Path.of(source))
                .as("COPY source " + source + " (built by the installers module)")
                .exists();
          }
        }
      }
    }
  }

  private static GatewayConfig read(String yaml) throws IOException {
    Path file = Files.createTempFile(tmp, "gateway", ".yaml");
    Files.writeString(file, yaml);
    return GatewayConfig.from(Config.just(ConfigSources.file(file)));
  }

  private static void assertPortsAre(GatewayConfig config, int proxy, int admin) {
    assertThat(config.port()).isEqualTo(proxy);
    assertThat(config.adminPort()).isEqualTo(admin);
    assertThat(config.host()).as("reachable from outside the container").isEqualTo("0.0.0.0");
  }

  private static void assertMountedAs(Map<String, String> mounts, String file, String volume) {
    String best = "";
    for (String path : mounts.keySet()) {
      if (file.startsWith(path + "/") && path.length() > best.length()) {
        best = path;
      }
    }
    assertThat(mounts.get(best)).as(file + " is in volume").isEqualTo(volume);
  }

  private static Set<Integer> dockerfileExposes() {
    Set<Integer> ports = new HashSet<>();
    try {
      for (String line : Files.readAllLines(Path.of("Dockerfile"))) {
        if (line.startsWith("EXPOSE ")) {
          for (String p : line.substring(7).trim().split("\\s+")) {
            ports.add(Integer.parseInt(p));
          }
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return ports;
  }

  private static Set<String> policyGroups(Path policy) throws IOException {
    Set<String> groups = new TreeSet<>();
    Matcher m =
        Pattern.compile("(?:groups|approvers): \\[([^]]*)]").matcher(Files.readString(policy));
    while (m.find()) {
      for (String g : m.group(1).split(",")) {
        groups.add(g.strip());
      }
    }
    return groups;
  }

  private static Map<String, Object> podSpec() {
    return map(map(map(k8s.get("Deployment"), "spec"), "template"), "spec");
  }

  private static Map<String, Object> container() {
    List<Object> containers = list(podSpec(), "containers");
    assertThat(containers).hasSize(1);
    @SuppressWarnings("unchecked")
    Map<String, Object> c = (Map<String, Object>) containers.getFirst();
    return c;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> node, String key) {
    assertThat(node).containsKey(key);
    return (Map<String, Object>) node.get(key);
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> list(Map<String, Object> node, String key) {
    assertThat(node).containsKey(key);
    return new ArrayList<>((List<T>) node.get(key));
  }
}
