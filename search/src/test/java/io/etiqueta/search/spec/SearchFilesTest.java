package io.etiqueta.search.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchFilesTest {
    static final String ISSUE_EXAMPLE = """
            name: cifar-mlp
            dataset: ./cifar10/train
            objective: {metric: val_accuracy, goal: maximize}
            strategy: genetic          # grid | random | genetic
            seed: 7
            budget: {trials: 60, hours: 3}
            space:
              model: [mlp, cnn, cnn-bn]
              optimizer: [sgd, adam, rmsprop, nadam]
              learning_rate: {log_uniform: [0.0001, 0.1]}
              activation: [relu, tanh, sigmoid, elu]
              layers: [[512], [512, 256], [512, 256, 256]]
              dropout: {uniform: [0.0, 0.5]}
              patience: [3, 5, off]
              epochs: [20]
            """;

    @Test void readsTheIssueExample() {
        SearchSpec spec = SearchFiles.parse(ISSUE_EXAMPLE, "cifar.yaml");
        assertThat(spec.name()).isEqualTo("cifar-mlp");
        assertThat(spec.dataset()).isEqualTo("./cifar10/train");
        assertThat(spec.objective().metric()).isEqualTo("val_accuracy");
        assertThat(spec.objective().goal()).isEqualTo(Goal.MAXIMIZE);
        assertThat(spec.strategy()).isEqualTo(StrategyKind.GENETIC);
        assertThat(spec.seed()).isEqualTo(7);
        assertThat(spec.budget()).isEqualTo(new Budget(60, 3.0, null));
        assertThat(spec.space()).extracting(Dimension::parameter).containsExactly(Parameter.MODEL, Parameter.OPTIMIZER,
                Parameter.LEARNING_RATE, Parameter.ACTIVATION, Parameter.LAYERS, Parameter.DROPOUT, Parameter.PATIENCE, Parameter.EPOCHS);
        assertThat(spec.dimension(Parameter.LAYERS).orElseThrow().values()).containsExactly(List.of(512), List.of(512, 256), List.of(512, 256, 256));
        assertThat(spec.dimension(Parameter.PATIENCE).orElseThrow().values()).containsExactly(3, 5, "off");
        Dimension lr = spec.dimension(Parameter.LEARNING_RATE).orElseThrow();
        assertThat(lr.kind()).isEqualTo(Dimension.Kind.LOG_UNIFORM);
        assertThat(lr.low()).isEqualTo(0.0001);
        assertThat(spec.searched()).hasSize(7); // epochs is fixed
        var config = spec.configure(spec.space().stream().map(d -> d.at(0)).toList());
        assertThat(config.seed()).isEqualTo(7);
        assertThat(config.epochs()).isEqualTo(20);
        assertThat(config.patience()).isEqualTo(3);
    }

    @Test void everyShippedExampleIsValid() throws Exception {
        Path examples = Path.of(System.getProperty("user.dir")).resolveSibling("examples");
        List<Path> files;
        try (var s = Files.list(examples)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(5);
        for (Path f : files) assertThat(SearchFiles.parse(f).name()).as(f.toString()).isNotBlank();
    }

    @Test void readsAshaPruning() {
        PruningSettings full = SearchFiles.parse(ISSUE_EXAMPLE.replace("seed: 7", "pruning: {kind: asha, eta: 4, min_resource: 0.5, min_peers: 2}"), "a.yaml").pruning();
        assertThat(full.rule()).isEqualTo(PruningSettings.Rule.ASHA);
        assertThat(full.eta()).isEqualTo(4);
        assertThat(full.minResource()).isEqualTo(0.5);
        assertThat(full.minPeers()).isEqualTo(2);
        assertThat(full.rungs(20)).containsExactly(0.5, 2.0, 8.0);
        PruningSettings shortForm = SearchFiles.parse(ISSUE_EXAMPLE.replace("seed: 7", "pruning: asha"), "a.yaml").pruning();
        assertThat(shortForm).isEqualTo(PruningSettings.asha("val_accuracy"));
        assertThat(shortForm.minPeers()).isZero();
        assertThat(shortForm.rungs(20)).containsExactly(0.25, 0.75, 2.25, 6.75);
        // an objective that is not measured inside epochs prunes on val_accuracy
        PruningSettings onTest = SearchFiles.parse(ISSUE_EXAMPLE.replace("seed: 7", "pruning: {rule: asha}")
                .replace("{metric: val_accuracy, goal: maximize}", "test_accuracy"), "a.yaml").pruning();
        assertThat(onTest.metric()).isEqualTo("val_accuracy");
        assertThat(SearchFiles.parse(ISSUE_EXAMPLE.replace("seed: 7", "pruning: median"), "m.yaml").pruning().rule())
                .isEqualTo(PruningSettings.Rule.MEDIAN);
        assertThat(full.retrains()).isFalse();
    }

    @Test void readsTheRetrainShareWhichNeedsATimeBudget() {
        PruningSettings retrain = SearchFiles.parse(ISSUE_EXAMPLE.replace("seed: 7", "pruning: {kind: asha, retrain: 0.6}"), "r.yaml").pruning();
        assertThat(retrain.retrains()).isTrue();
        assertThat(retrain.retrain()).isEqualTo(0.6);
        assertThat(retrain.rungs(20)).containsExactly(0.25, 0.75, 2.25, 6.75);
        String withoutHours = ISSUE_EXAMPLE.replace("seed: 7", "pruning: {kind: asha,\n  retrain: 0.6}").replace("budget: {trials: 60, hours: 3}", "budget: {trials: 60}");
        assertThatThrownBy(() -> SearchFiles.parse(withoutHours, "r.yaml"))
                .isInstanceOf(SearchFileException.class)
                .hasMessageStartingWith("r.yaml:6:")
                .hasMessageContaining("pruning.retrain is a share of the time budget: give budget.hours");
    }

    @Test void readsLearningRateSchedules() {
        SearchSpec spec = SearchFiles.parse(ISSUE_EXAMPLE + "  lr_schedule: [constant, Cosine]\n", "cifar.yaml");
        Dimension schedule = spec.dimension(Parameter.LR_SCHEDULE).orElseThrow();
        assertThat(schedule.values()).containsExactly("constant", "cosine");
        var config = spec.configure(spec.space().stream().map(d -> d.at(d.count() - 1)).toList());
        assertThat(config.lrSchedule()).isEqualTo(io.etiqueta.trial.LearningRateSchedule.COSINE);
        assertThat(config.summary()).contains("~cosine");
    }

    @Test void logUniformValuesSpreadOnALogScaleAndRoundToThreeDigits() {
        SearchSpec spec = SearchFiles.parse(ISSUE_EXAMPLE, "x.yaml");
        Dimension lr = spec.dimension(Parameter.LEARNING_RATE).orElseThrow();
        assertThat((double) lr.fromUnit(0.5)).isEqualTo(0.00316);
        assertThat((double) lr.fromUnit(0.0)).isEqualTo(0.0001);
    }

    /** Each broken line of a valid file must be reported at its own line with the problem named. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "8 |  model: [mlp, cnn, transformer]           | unknown model 'transformer'",
            "10|  learning_rate: {log_uniform: [0, 0.1]}   | log_uniform needs positive bounds",
            "10|  learning_rate: {log_uniform: [0.1]}      | give two bounds",
            "10|  learning_rate: {log_uniform: [0.1, 0.01]} | is above high",
            "10|  learning_rate: [20]                      | learning rate must be in (0, 10)",
            "11|  activation: [relu, swish]                | unknown activation 'swish'",
            "12|  layers: [[512], [0]]                     | layer width 0 is out of range",
            "12|  layers: [[512], [512, big]]              | expected a whole number, got 'big'",
            "13|  dropout: {uniform: [0.0, 1.5]}           | dropout must be in [0, 1)",
            "13|  dropout: {normal: [0.0, 0.5]}            | unknown key 'normal'",
            "14|  patience: [3, 5, never]                  | expected a whole number, got 'never'",
            "15|  epochs: {uniform: [1, 5]}                | epochs is a whole number",
            "15|  epochs: [20, 20]                         | listed twice",
            "15|  optimiser: [adam]                        | unknown space key 'optimiser'",
            "15|  lr_schedule: [linear, step]              | unknown learning-rate schedule 'step' (choose one of constant, linear, cosine)",
            "4 |strategy: annealing                        | unknown strategy 'annealing'",
            "6 |budget: {trials: 0}                        | budget trials must be at least 1",
            "6 |budget: {runs: 5}                          | unknown key 'runs' in budget",
            "3 |objective: {metric: val_acc}               | unknown metric 'val_acc'",
            "5 |seed: seven                                | seed: expected a whole number",
            "5 |pruning: {kind: asha, eta: 1}              | eta must be in 2..100",
            "5 |pruning: {kind: asha, min_resource: 0}     | min_resource must be a positive number of epochs",
            "5 |pruning: {kind: median, eta: 3}            | pruning.eta applies to asha pruning only",
            "5 |pruning: {kind: asha, warmup_epochs: 2}    | warmup_epochs applies to median pruning only",
            "5 |pruning: {kind: asha, metric: accuracy}    | asha pruning compares a validation metric",
            "5 |pruning: {kind: hyperband}                 | unknown pruning rule 'hyperband' (use asha, median or none)",
            "5 |pruning: {kind: asha, rule: asha}          | give kind or rule",
            "5 |pruning: {kind: asha, retrain: 1.5}        | retrain must be a share of the time budget between 0 and 1",
            "5 |pruning: {kind: median, retrain: 0.5}      | pruning.retrain applies to asha pruning only",
    })
    void namesTheLineAndTheProblem(int line, String replacement, String problem) {
        String[] lines = ISSUE_EXAMPLE.split("\n");
        // CsvSource trims values: keep the original line's indentation
        lines[line - 1] = (lines[line - 1].startsWith("  ") ? "  " : "") + replacement.strip();
        String broken = String.join("\n", lines) + "\n";
        assertThatThrownBy(() -> SearchFiles.parse(broken, "broken.yaml"))
                .isInstanceOf(SearchFileException.class)
                .satisfies(e -> assertThat(((SearchFileException) e).line()).as(e.getMessage()).isEqualTo(line))
                .hasMessageStartingWith("broken.yaml:" + line + ":")
                .hasMessageContaining(problem);
    }

    @Test void reportsYamlSyntaxErrorsWithTheirLine() {
        String broken = ISSUE_EXAMPLE.replace("  activation: [relu, tanh, sigmoid, elu]", "  activation: [relu, tanh");
        assertThatThrownBy(() -> SearchFiles.parse(broken, "b.yaml"))
                .isInstanceOf(SearchFileException.class)
                .hasMessageContaining("invalid YAML")
                .satisfies(e -> assertThat(((SearchFileException) e).line()).isBetween(11, 12));
    }

    @Test void reportsDuplicateKeys() {
        assertThatThrownBy(() -> SearchFiles.parse(ISSUE_EXAMPLE + "seed: 8\n", "d.yaml"))
                .isInstanceOf(SearchFileException.class).hasMessageStartingWith("d.yaml:16:").hasMessageContaining("'seed' is given twice");
    }

    @Test void requiresNameDatasetAndSpace() {
        assertThatThrownBy(() -> SearchFiles.parse("dataset: x\nspace: {epochs: 1}\nstrategy: grid\n", "m.yaml"))
                .hasMessageContaining("'name' is required");
        assertThatThrownBy(() -> SearchFiles.parse("name: a\nspace: {epochs: 1}\nstrategy: grid\n", "m.yaml"))
                .hasMessageContaining("'dataset' is required");
        assertThatThrownBy(() -> SearchFiles.parse("", "m.yaml")).hasMessageContaining("empty");
    }

    @Test void aGridRefusesRealRangesAndRandomNeedsABudget() {
        assertThatThrownBy(() -> SearchFiles.parse("name: a\ndataset: d\nstrategy: grid\nspace:\n  dropout: {uniform: [0, 0.5]}\n", "g.yaml"))
                .isInstanceOf(SearchFileException.class)
                .hasMessageStartingWith("g.yaml:5:").hasMessageContaining("grid needs listed values");
        assertThatThrownBy(() -> SearchFiles.parse("name: a\ndataset: d\nstrategy: random\nspace:\n  dropout: {uniform: [0, 0.5]}\n", "r.yaml"))
                .hasMessageContaining("needs a limit");
    }

    @Test void depthAndWidthMakeLayers() {
        SearchSpec spec = SearchFiles.parse("name: a\ndataset: d\nstrategy: grid\nspace:\n  depth: {int: [1, 3]}\n  width: [128, 256]\n", "w.yaml");
        assertThat(spec.configure(List.of(3, 128)).layers()).containsExactly(128, 128, 128);
        assertThat(spec.dimension(Parameter.DEPTH).orElseThrow().count()).isEqualTo(3);
    }
}
