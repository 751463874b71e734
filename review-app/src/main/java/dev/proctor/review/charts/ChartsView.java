package dev.proctor.review.charts;

import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.scene.Cursor;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;

/**
 * Activity over time by user, sessions by connection, findings by rule. A click on a bar lists its
 * sessions. Binds only.
 */
public final class ChartsView extends BorderPane {

  public ChartsView(ChartsViewModel model) {
    getStyleClass().add("charts-view");
    StackedBarChart<String, Number> overTime =
        new StackedBarChart<>(new CategoryAxis(), new NumberAxis());
    overTime.setId("chart-activity");
    overTime.setTitle("Sessions per day, by user");
    overTime.setAnimated(false);
    BarChart<Number, String> byConnection = new BarChart<>(new NumberAxis(), new CategoryAxis());
    byConnection.setId("chart-connections");
    byConnection.setTitle("Sessions by connection");
    byConnection.setLegendVisible(false);
    byConnection.setAnimated(false);
    BarChart<Number, String> byRule = new BarChart<>(new NumberAxis(), new CategoryAxis());
    byRule.setId("chart-rules");
    byRule.setTitle("Findings by rule");
    byRule.setLegendVisible(false);
    byRule.setAnimated(false);

    model
        .activity()
        .addListener(
            (o, was, a) -> {
              overTime.getData().setAll(byUser(a.sessionsByDayAndUser(), model));
              byConnection
                  .getData()
                  .setAll(horizontal(a.sessionsByConnection(), model::openConnection));
              byRule.getData().setAll(horizontal(a.findingsByRule(), model::openRule));
            });

    GridPane grid = new GridPane();
    grid.setHgap(8);
    grid.setVgap(8);
    grid.add(overTime, 0, 0, 2, 1);
    grid.add(byConnection, 0, 1);
    grid.add(byRule, 1, 1);
    GridPane.setHgrow(overTime, Priority.ALWAYS);
    GridPane.setVgrow(overTime, Priority.ALWAYS);
    GridPane.setHgrow(byConnection, Priority.ALWAYS);
    GridPane.setHgrow(byRule, Priority.ALWAYS);
    GridPane.setVgrow(byRule, Priority.ALWAYS);
    grid.setPadding(new Insets(8));
    Label status = new Label();
    status.getStyleClass().add("replay-status");
    status.textProperty().bind(model.status());
    status.setPadding(new Insets(4, 12, 4, 12));
    setCenter(grid);
    setBottom(status);
  }

  private static java.util.List<XYChart.Series<String, Number>> byUser(
      Map<java.time.LocalDate, Map<String, Long>> days, ChartsViewModel model) {
    TreeSet<String> users = new TreeSet<>();
    days.values().forEach(m -> users.addAll(m.keySet()));
    java.util.List<XYChart.Series<String, Number>> series = new java.util.ArrayList<>();
    for (String user : users) {
      XYChart.Series<String, Number> s = new XYChart.Series<>();
      s.setName(user);
      days.forEach(
          (day, counts) -> {
            XYChart.Data<String, Number> bar =
                new XYChart.Data<>(day.toString(), counts.getOrDefault(user, 0L));
            opensOnClick(
                bar,
                user + " on " + day + ": " + bar.getYValue(),
                () -> model.openUserOnDay(user, day));
            s.getData().add(bar);
          });
      series.add(s);
    }
    return series;
  }

  private static java.util.List<XYChart.Series<Number, String>> horizontal(
      Map<String, Long> counts, Consumer<String> open) {
    XYChart.Series<Number, String> s = new XYChart.Series<>();
    counts.entrySet().stream()
        .sorted(Map.Entry.comparingByValue())
        .forEach(
            e -> {
              XYChart.Data<Number, String> bar = new XYChart.Data<>(e.getValue(), e.getKey());
              opensOnClick(bar, e.getKey() + ": " + e.getValue(), () -> open.accept(e.getKey()));
              s.getData().add(bar);
            });
    return java.util.List.of(s);
  }

  /** The bar, once the chart has drawn it, lists its sessions on a click; it says so on hover. */
  private static void opensOnClick(XYChart.Data<?, ?> bar, String label, Runnable open) {
    bar.nodeProperty()
        .addListener(
            (o, was, node) -> {
              if (node != null) {
                node.setCursor(Cursor.HAND);
                node.setOnMouseClicked(e -> open.run());
                Tooltip.install(node, new Tooltip(label + " (click to list the sessions)"));
              }
            });
  }
}
