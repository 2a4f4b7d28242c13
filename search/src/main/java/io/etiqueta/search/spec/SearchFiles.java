package io.etiqueta.search.spec;

import io.etiqueta.trial.Metric;
import io.etiqueta.errors.Failures;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads search files (YAML). The file is composed into SnakeYAML nodes, which keep their positions, so every error
 * names the line of the value at fault. See docs/search.md for the format.
 */
public final class SearchFiles {
    private static final Set<String> TOP = Set.of("name", "dataset", "objective", "strategy", "seed", "budget", "workers", "executor",
            "batch", "genetic", "pruning", "space", "folds", "weights");

    private SearchFiles() {}

    public static SearchSpec parse(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new SearchFileException(file.toString(), 0, 0, "no such file");
        } catch (IOException e) {
            throw new SearchFileException(file.toString(), 0, 0, "cannot read: " + Failures.describe(e));
        }
        return parse(text, file.toString());
    }

    /** Parses search-file text; {@code origin} names it in errors. */
    public static SearchSpec parse(String text, String origin) {
        return new Reader(origin).spec(compose(text, origin));
    }

    private static Node compose(String text, String origin) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try {
            Node root = new Yaml(options).compose(new StringReader(text));
            if (root == null) throw new SearchFileException(origin, 0, 0, "the file is empty");
            return root;
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = (e.getContext() == null ? "" : e.getContext() + ", ") + e.getProblem();
            throw new SearchFileException(origin, m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1, "invalid YAML: " + problem);
        } catch (YAMLException e) {
            throw new SearchFileException(origin, 0, 0, "invalid YAML: " + Failures.describe(e));
        }
    }

    /** Walks the node tree; every failure becomes a SearchFileException at the node's line. */
    private record Reader(String origin) {

        SearchSpec spec(Node root) {
            Map<String, Node> top = mapping(root, "the search file", TOP);
            String name = text(require(top, "name", root), "name");
            String dataset = text(require(top, "dataset", root), "dataset");
            Objective objective = objective(top.get("objective"));
            StrategyKind strategy = top.containsKey("strategy") ? convert(top.get("strategy"), "strategy", () -> StrategyKind.parse(text(top.get("strategy"), "strategy"))) : StrategyKind.RANDOM;
            long seed = top.containsKey("seed") ? integer(top.get("seed"), "seed") : 1;
            Budget budget = budget(top.get("budget"));
            int workers = top.containsKey("workers") ? (int) integer(top.get("workers"), "workers") : 1;
            GeneticSettings genetic = genetic(top.get("genetic"));
            int batch = top.containsKey("batch") ? (int) integer(top.get("batch"), "batch") : strategy == StrategyKind.GENETIC ? genetic.population() : 4;
            if (strategy == StrategyKind.GENETIC && top.containsKey("batch") && batch != genetic.population()) {
                throw error(top.get("batch"), "batch: a genetic search runs one generation per batch; set genetic.population instead");
            }
            PruningSettings pruning = pruning(top.get("pruning"), objective);
            Node spaceNode = require(top, "space", root);
            List<Dimension> space = new ArrayList<>(space(spaceNode, strategy));
            // folds and weights are the same for every trial: written at the top, they are fixed dimensions of the space
            for (Parameter p : List.of(Parameter.FOLDS, Parameter.WEIGHTS)) {
                Node node = top.get(p.key());
                if (node == null) continue;
                if (space.stream().anyMatch(d -> d.parameter() == p)) throw error(node, p.key() + " is given both at the top and in space; keep one");
                space.add(Dimension.categorical(p, List.of(value(p, node, p.key()))));
            }
            if (pruning.retrains() && budget.hours() == null) {
                throw error(mapping(top.get("pruning"), "pruning", PRUNING_KEYS).get("retrain"), "pruning.retrain is a share of the time budget: give budget.hours (e.g. budget: {hours: 0.5})");
            }
            ExecutorSettings executor = executor(top.get("executor"));
            if (strategy != StrategyKind.GRID && budget.unlimited()) {
                throw error(top.containsKey("budget") ? top.get("budget") : root,
                        "budget: a " + strategy.id() + " search needs a limit (trials, hours, epochs or instance_hours); only grid ends by itself");
            }
            SearchSpec spec = convert(root, "search", () -> new SearchSpec(name, dataset, objective, strategy, seed, budget, workers, batch, genetic, pruning, space, List.of(), executor));
            // The first value of every dimension together must make a legal configuration.
            convert(spaceNode, "space", () -> spec.configure(spec.space().stream().map(d -> d.at(0)).toList()));
            return spec;
        }

        Objective objective(Node node) {
            if (node == null) return new Objective("val_accuracy", Goal.MAXIMIZE, List.of());
            if (node instanceof ScalarNode) {
                String metric = text(node, "objective");
                return convert(node, "objective", () -> new Objective(metric, null, List.of()));
            }
            Map<String, Node> m = mapping(node, "objective", Set.of("metric", "goal", "tie_breaks"));
            Node metricNode = require(m, "metric", node);
            String metric = text(metricNode, "objective.metric");
            Goal goal = m.containsKey("goal") ? convert(m.get("goal"), "objective.goal", () -> Goal.parse(text(m.get("goal"), "objective.goal"))) : null;
            List<Objective.TieBreak> ties = new ArrayList<>();
            if (m.containsKey("tie_breaks")) {
                for (Node t : sequence(m.get("tie_breaks"), "objective.tie_breaks")) {
                    if (t instanceof ScalarNode) {
                        String tm = text(t, "tie_breaks");
                        checkMetric(t, tm, "tie_breaks");
                        ties.add(new Objective.TieBreak(tm, Goal.natural(tm)));
                    } else {
                        Map<String, Node> tb = mapping(t, "a tie-break", Set.of("metric", "goal"));
                        String tm = text(require(tb, "metric", t), "tie_breaks.metric");
                        checkMetric(tb.get("metric"), tm, "tie_breaks.metric");
                        Goal tg = tb.containsKey("goal") ? convert(tb.get("goal"), "tie_breaks.goal", () -> Goal.parse(text(tb.get("goal"), "goal"))) : Goal.natural(tm);
                        ties.add(new Objective.TieBreak(tm, tg));
                    }
                }
            }
            checkMetric(metricNode, metric, "objective.metric");
            return new Objective(metric, goal, ties);
        }

        void checkMetric(Node node, String metric, String what) {
            if (!Metric.ids().contains(metric)) {
                throw error(node, what + ": unknown metric '" + metric + "' (use one of " + String.join(", ", Metric.ids()) + ")");
            }
        }

        Budget budget(Node node) {
            if (node == null) return new Budget(null, null, null);
            Map<String, Node> m = mapping(node, "budget", Set.of("trials", "hours", "epochs", "instance_hours"));
            Integer trials = m.containsKey("trials") ? (int) integer(m.get("trials"), "budget.trials") : null;
            Double hours = m.containsKey("hours") ? number(m.get("hours"), "budget.hours") : null;
            Integer epochs = m.containsKey("epochs") ? (int) integer(m.get("epochs"), "budget.epochs") : null;
            Double instanceHours = m.containsKey("instance_hours") ? number(m.get("instance_hours"), "budget.instance_hours") : null;
            return convert(node, "budget", () -> new Budget(trials, hours, epochs, instanceHours));
        }

        ExecutorSettings executor(Node node) {
            if (node == null) return ExecutorSettings.DEFAULT;
            if (node instanceof ScalarNode) {
                String kind = text(node, "executor");
                return convert(node, "executor", () -> new ExecutorSettings(kind, null, null, null));
            }
            Map<String, Node> m = mapping(node, "executor", Set.of("kind", "queue", "job_definition", "max_in_flight"));
            String kind = m.containsKey("kind") ? text(m.get("kind"), "executor.kind") : ExecutorSettings.LOCAL;
            String queue = m.containsKey("queue") ? text(m.get("queue"), "executor.queue") : null;
            String jobDefinition = m.containsKey("job_definition") ? text(m.get("job_definition"), "executor.job_definition") : null;
            Integer maxInFlight = m.containsKey("max_in_flight") ? (int) integer(m.get("max_in_flight"), "executor.max_in_flight") : null;
            if (maxInFlight != null && maxInFlight < 1) throw error(m.get("max_in_flight"), "executor.max_in_flight: must be at least 1, got " + maxInFlight);
            return convert(m.containsKey("kind") ? m.get("kind") : node, "executor", () -> new ExecutorSettings(kind, queue, jobDefinition, maxInFlight));
        }

        GeneticSettings genetic(Node node) {
            if (node == null) return GeneticSettings.DEFAULT;
            GeneticSettings d = GeneticSettings.DEFAULT;
            Map<String, Node> m = mapping(node, "genetic", Set.of("population", "elites", "crossover", "mutation", "tournament"));
            int population = m.containsKey("population") ? (int) integer(m.get("population"), "genetic.population") : d.population();
            int elites = m.containsKey("elites") ? (int) integer(m.get("elites"), "genetic.elites") : Math.min(d.elites(), population - 1);
            double crossover = m.containsKey("crossover") ? number(m.get("crossover"), "genetic.crossover") : d.crossover();
            double mutation = m.containsKey("mutation") ? number(m.get("mutation"), "genetic.mutation") : d.mutation();
            int tournament = m.containsKey("tournament") ? (int) integer(m.get("tournament"), "genetic.tournament") : d.tournament();
            return convert(node, "genetic", () -> new GeneticSettings(population, elites, crossover, mutation, tournament));
        }

        private static final Set<String> PRUNING_KEYS = Set.of("rule", "kind", "warmup_epochs", "min_peers", "metric", "goal", "eta", "min_resource", "retrain");

        PruningSettings pruning(Node node, Objective objective) {
            String defaultMetric = Metric.epochIds().contains(objective.metric()) ? objective.metric() : "val_accuracy";
            if (node == null) return PruningSettings.none();
            if (node instanceof ScalarNode s) {
                if (s.getTag() == Tag.BOOL) {
                    return Boolean.parseBoolean(s.getValue()) || s.getValue().equalsIgnoreCase("on") || s.getValue().equalsIgnoreCase("yes")
                            ? new PruningSettings(PruningSettings.Rule.MEDIAN, 1, 3, defaultMetric, null) : PruningSettings.none();
                }
                PruningSettings.Rule rule = convert(node, "pruning", () -> PruningSettings.Rule.parse(s.getValue()));
                if (rule == PruningSettings.Rule.ASHA) return convert(node, "pruning", () -> PruningSettings.asha(ashaMetric(defaultMetric)));
                return new PruningSettings(rule, 1, 3, defaultMetric, null);
            }
            Map<String, Node> m = mapping(node, "pruning", PRUNING_KEYS);
            if (m.containsKey("rule") && m.containsKey("kind")) throw error(m.get("kind"), "pruning: give kind or rule (the same thing), not both");
            Node ruleNode = m.containsKey("kind") ? m.get("kind") : m.get("rule");
            String ruleKey = m.containsKey("kind") ? "pruning.kind" : "pruning.rule";
            PruningSettings.Rule rule = ruleNode != null ? convert(ruleNode, ruleKey, () -> PruningSettings.Rule.parse(text(ruleNode, ruleKey))) : PruningSettings.Rule.MEDIAN;
            boolean asha = rule == PruningSettings.Rule.ASHA;
            for (String only : List.of("eta", "min_resource", "retrain")) {
                if (m.containsKey(only) && !asha) throw error(m.get(only), "pruning." + only + " applies to asha pruning only (this is " + rule.id() + ")");
            }
            if (m.containsKey("warmup_epochs") && asha) {
                throw error(m.get("warmup_epochs"), "pruning.warmup_epochs applies to median pruning only; asha's first decision is at min_resource");
            }
            int warmup = m.containsKey("warmup_epochs") ? (int) integer(m.get("warmup_epochs"), "pruning.warmup_epochs") : 1;
            int minPeers = m.containsKey("min_peers") ? (int) integer(m.get("min_peers"), "pruning.min_peers") : asha ? 0 : 3;
            String metric = m.containsKey("metric") ? text(m.get("metric"), "pruning.metric") : asha ? ashaMetric(defaultMetric) : defaultMetric;
            Goal goal = m.containsKey("goal") ? convert(m.get("goal"), "pruning.goal", () -> Goal.parse(text(m.get("goal"), "pruning.goal"))) : null;
            double eta = m.containsKey("eta") ? number(m.get("eta"), "pruning.eta") : PruningSettings.DEFAULT_ETA;
            double minResource = m.containsKey("min_resource") ? number(m.get("min_resource"), "pruning.min_resource") : PruningSettings.DEFAULT_MIN_RESOURCE;
            Double retrain = m.containsKey("retrain") ? number(m.get("retrain"), "pruning.retrain") : null;
            Node at = m.containsKey("eta") && !(eta >= 2 && eta <= 100) ? m.get("eta")
                    : m.containsKey("min_resource") && !(minResource > 0 && minResource <= 1000) ? m.get("min_resource")
                    : retrain != null && !(retrain > 0 && retrain < 1) ? m.get("retrain")
                    : m.containsKey("metric") ? m.get("metric") : m.containsKey("min_peers") ? m.get("min_peers") : node;
            return convert(at, "pruning", () -> new PruningSettings(rule, warmup, minPeers, metric, goal, eta, minResource, retrain));
        }

        /** asha measures at rungs inside epochs, where only validation metrics exist. */
        private static String ashaMetric(String defaultMetric) {
            return defaultMetric.startsWith("val_") ? defaultMetric : "val_accuracy";
        }

        List<Dimension> space(Node node, StrategyKind strategy) {
            if (!(node instanceof MappingNode mn)) throw error(node, "space must be a mapping of parameter: values");
            List<Dimension> dims = new ArrayList<>();
            Set<Parameter> seen = new java.util.HashSet<>();
            for (NodeTuple t : mn.getValue()) {
                String key = text(t.getKeyNode(), "space key");
                Parameter p = convert(t.getKeyNode(), "space", () -> Parameter.parse(key));
                if (!seen.add(p)) throw error(t.getKeyNode(), "space: '" + key + "' is given twice");
                Dimension d = dimension(p, t.getValueNode());
                if (strategy == StrategyKind.GRID && d.count() < 0) {
                    throw error(t.getValueNode(), "space." + key + ": a grid needs listed values, not a real range; list the values to try or use random/genetic");
                }
                dims.add(d);
            }
            if (dims.isEmpty()) throw error(node, "space is empty: name at least one parameter");
            if (seen.contains(Parameter.LAYERS) && (seen.contains(Parameter.DEPTH) || seen.contains(Parameter.WIDTH))) {
                throw error(node, "space: give either layers or depth/width, not both");
            }
            return dims;
        }

        Dimension dimension(Parameter p, Node node) {
            String where = "space." + p.key();
            if (node instanceof SequenceNode seq) {
                // layers: [512, 256] is one architecture; layers: [[512], [512, 256]] lists several
                if (p == Parameter.LAYERS && seq.getValue().stream().noneMatch(n -> n instanceof SequenceNode)) {
                    return Dimension.categorical(p, List.of(value(p, node, where)));
                }
                if (seq.getValue().isEmpty()) throw error(node, where + ": the list of values is empty");
                List<Object> values = new ArrayList<>();
                for (Node v : seq.getValue()) {
                    Object c = value(p, v, where);
                    if (values.contains(c)) throw error(v, where + ": value " + c + " is listed twice");
                    values.add(c);
                }
                return Dimension.categorical(p, values);
            }
            if (node instanceof MappingNode) {
                Map<String, Node> m = mapping(node, where, Set.of("uniform", "log_uniform", "int"));
                if (m.size() != 1) throw error(node, where + ": give exactly one of uniform, log_uniform or int");
                var e = m.entrySet().iterator().next();
                Dimension.Kind kind = switch (e.getKey()) {
                    case "uniform" -> Dimension.Kind.UNIFORM;
                    case "log_uniform" -> Dimension.Kind.LOG_UNIFORM;
                    default -> Dimension.Kind.INTEGER;
                };
                if (!p.numeric()) throw error(node, where + ": " + p.key() + " takes listed values, not a range");
                if (kind != Dimension.Kind.INTEGER && p.type() != Parameter.Type.REAL) {
                    throw error(node, where + ": " + p.key() + " is a whole number; use {int: [low, high]} or list the values");
                }
                List<Node> bounds = sequence(e.getValue(), where + "." + e.getKey());
                if (bounds.size() != 2) throw error(e.getValue(), where + "." + e.getKey() + ": give two bounds [low, high]");
                double lo = kind == Dimension.Kind.INTEGER ? integer(bounds.get(0), where) : number(bounds.get(0), where);
                double hi = kind == Dimension.Kind.INTEGER ? integer(bounds.get(1), where) : number(bounds.get(1), where);
                if (!(lo <= hi)) throw error(e.getValue(), where + ": low " + fmt(lo) + " is above high " + fmt(hi));
                if (kind == Dimension.Kind.LOG_UNIFORM && !(lo > 0)) throw error(bounds.get(0), where + ": log_uniform needs positive bounds, got " + fmt(lo));
                for (int i = 0; i < 2; i++) {
                    Object v = kind == Dimension.Kind.INTEGER ? (Object) (int) (i == 0 ? lo : hi) : (Object) (i == 0 ? lo : hi);
                    legal(p, v, bounds.get(i), where);
                }
                return Dimension.range(p, kind, lo, hi);
            }
            return Dimension.categorical(p, List.of(value(p, node, where)));
        }

        /** One listed value, canonical and legal for the trial engine on its own. */
        Object value(Parameter p, Node node, String where) {
            Object raw = plain(node);
            Object c = convert(node, where, () -> p.canonical(raw));
            legal(p, c, node, where);
            return c;
        }

        void legal(Parameter p, Object canonical, Node node, String where) {
            convert(node, where, () -> {
                var b = io.etiqueta.trial.TrialConfig.builder();
                if (p == Parameter.DEPTH) b.layers(java.util.Collections.nCopies(((Number) canonical).intValue(), 256));
                else if (p == Parameter.WIDTH) b.layers(List.of(((Number) canonical).intValue()));
                else p.apply(b, canonical);
                if (p == Parameter.DEPTH && ((Number) canonical).intValue() < 1) throw new IllegalArgumentException("depth must be at least 1");
                return b.build();
            });
        }

        // ---- node helpers -------------------------------------------------------------------------------------

        Map<String, Node> mapping(Node node, String what, Set<String> allowed) {
            if (!(node instanceof MappingNode mn)) throw error(node, what + " must be a mapping (key: value lines)");
            Map<String, Node> out = new LinkedHashMap<>();
            for (NodeTuple t : mn.getValue()) {
                String key = text(t.getKeyNode(), what + " key");
                if (!allowed.contains(key)) {
                    throw error(t.getKeyNode(), "unknown key '" + key + "' in " + what + " (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
                }
                Node before = out.put(key, t.getValueNode());
                if (before != null) throw error(t.getKeyNode(), "'" + key + "' is given twice in " + what + " (first at line " + (before.getStartMark().getLine() + 1) + ")");
            }
            return out;
        }

        List<Node> sequence(Node node, String what) {
            if (!(node instanceof SequenceNode s)) throw error(node, what + " must be a list");
            return s.getValue();
        }

        Node require(Map<String, Node> m, String key, Node parent) {
            Node n = m.get(key);
            if (n == null) throw error(parent, "'" + key + "' is required");
            return n;
        }

        String text(Node node, String what) {
            if (node instanceof ScalarNode s && s.getTag() != Tag.NULL) return s.getValue();
            throw error(node, what + " must be a single value");
        }

        long integer(Node node, String what) {
            Object v = plain(node);
            if (v instanceof Long l) return l;
            if (v instanceof Integer i) return i;
            throw error(node, what + ": expected a whole number, got " + Parameter.describe(v));
        }

        double number(Node node, String what) {
            Object v = plain(node);
            if (v instanceof Number n && Double.isFinite(n.doubleValue())) return n.doubleValue();
            throw error(node, what + ": expected a number, got " + Parameter.describe(v));
        }

        /** A node as plain Java: String, Long, Double, Boolean, null, List or Map (for error messages). */
        Object plain(Node node) {
            if (node instanceof ScalarNode s) {
                Tag tag = s.getTag();
                String v = s.getValue();
                if (Tag.NULL.equals(tag)) return null;
                if (Tag.BOOL.equals(tag)) {
                    String l = v.toLowerCase(java.util.Locale.ROOT);
                    return l.equals("true") || l.equals("yes") || l.equals("on") || l.equals("y");
                }
                if (Tag.INT.equals(tag)) {
                    try {
                        BigInteger b = new BigInteger(v.replace("_", "").replaceFirst("^\\+", ""));
                        return b.longValue();
                    } catch (NumberFormatException e) {
                        return v;
                    }
                }
                if (Tag.FLOAT.equals(tag)) {
                    try {
                        return Double.parseDouble(v.replace("_", ""));
                    } catch (NumberFormatException e) {
                        return v;
                    }
                }
                return v;
            }
            if (node instanceof SequenceNode s) {
                List<Object> out = new ArrayList<>();
                for (Node n : s.getValue()) out.add(plain(n));
                return out;
            }
            return Map.of();
        }

        <T> T convert(Node node, String what, java.util.function.Supplier<T> f) {
            try {
                return f.get();
            } catch (IllegalArgumentException e) {
                throw error(node, what + ": " + Failures.describe(e));
            }
        }

        SearchFileException error(Node node, String problem) {
            Mark m = node == null ? null : node.getStartMark();
            return new SearchFileException(origin, m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1, problem);
        }

        static String fmt(double v) { return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v); }
    }
}
