package dev.proctor.review.ui;

import javafx.beans.property.ObjectProperty;
import javafx.scene.control.SelectionModel;

/** Keeps a list's or table's selection and a ViewModel's selected item the same, both ways. */
public final class Selection {
  private Selection() {}

  public static <T> void bind(SelectionModel<T> selection, ObjectProperty<T> selected) {
    selection.selectedItemProperty().addListener((o, was, now) -> selected.set(now));
    selected.addListener(
        (o, was, now) -> {
          if (now != null && selection.getSelectedItem() != now) {
            selection.select(now);
          }
        });
  }
}
