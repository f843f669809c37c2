/* attest-export-dialog.c — see attest-export-dialog.h.
 *
 * The export runs in a worker thread on its own read-only connection (SQLite
 * connections stay in one thread; WAL lets the window keep working), writes
 * to a temporary file and replaces the target only when it succeeded, and
 * reports progress back to the main loop. */
#include "config.h"

#include "attest-export-dialog.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "attest-file-chooser.h"
#include "attest-format-brat.h"
#include "attest-format-web-annotation.h"
#include "attest-format-refi-qda.h"
#include "attest-table-writer.h"
#include "attest-tei-writer.h"

typedef enum {
  FORMAT_TEI,
  FORMAT_CSV,
  FORMAT_JSONL,
  FORMAT_BRAT,
  FORMAT_WEB_ANNOTATION,
  FORMAT_REFI_QDA,
} Format;

struct _AttestExportDialog
{
  AdwWindow        parent_instance;

  AdwComboRow     *format_row;
  AdwComboRow     *document_row;
  AdwComboRow     *status_row;
  AdwComboRow     *annotator_row;
  AdwComboRow     *category_row;
  GtkProgressBar  *progress_bar;

  AttestStore     *store;
  GPtrArray       *documents;   /* AttestDocument, row i + 1 of document_row */
  GPtrArray       *categories;  /* AttestCategory, row i + 1 of category_row */
  GStrv            annotators;  /* row i + 1 of annotator_row */
  GCancellable    *cancellable;
  GFile           *written;     /* the file of a finished export */
};

typedef struct {
  char               *db_path;
  GFile              *file;
  Format              format;
  char               *document;
  char               *status;
  char               *annotator;
  char               *category;
  AttestExportCounts  counts;
  AttestExportDialog *dialog;   /* for progress, main thread only */
} ExportJob;

typedef struct {
  AttestExportDialog *dialog;
  guint               done;
  guint               total;
} Progress;

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (AttestExportDialog, attest_export_dialog, ADW_TYPE_WINDOW)

static void
export_job_free (ExportJob *job)
{
  g_free (job->db_path);
  g_clear_object (&job->file);
  g_free (job->document);
  g_free (job->status);
  g_free (job->annotator);
  g_free (job->category);
  g_clear_object (&job->dialog);
  g_free (job);
}

static gboolean
show_progress (gpointer data)
{
  Progress *p = data;
  g_autofree char *text = g_strdup_printf (_("%u of %u articles"), p->done, p->total);

  gtk_progress_bar_set_fraction (p->dialog->progress_bar, p->total ? (double) p->done / p->total : 0);
  gtk_progress_bar_set_text (p->dialog->progress_bar, text);
  g_object_unref (p->dialog);
  g_free (p);
  return G_SOURCE_REMOVE;
}

/* Called in the worker thread. */
static void
report_progress (guint    done,
                 guint    total,
                 gpointer user_data)
{
  ExportJob *job = user_data;
  Progress *p = g_new0 (Progress, 1);

  p->dialog = g_object_ref (job->dialog);
  p->done = done;
  p->total = total;
  g_main_context_invoke (NULL, show_progress, p);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestStore) store = attest_store_open (job->db_path, ATTEST_STORE_OPEN_READ_ONLY, &error);
  AttestClaimFilter filter = {
    .document = job->document,
    .status = job->status,
    .annotator = job->annotator,
    .category = job->category,
  };
  gboolean ok;

  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (job->format == FORMAT_WEB_ANNOTATION)
    ok = attest_web_annotation_export (store, &filter, job->file, &job->counts, report_progress, job,
                                       cancellable, &error);
  else if (job->format == FORMAT_BRAT)
    ok = attest_brat_export (store, &filter, job->file, &job->counts, report_progress, job,
                             cancellable, &error);
  else if (job->format == FORMAT_REFI_QDA)
    ok = attest_refi_qda_export (store, &filter, job->file, &job->counts, report_progress, job,
                                 cancellable, &error);
  else if (job->format == FORMAT_TEI)
    ok = attest_tei_writer_write_file (store, &filter, job->file, &job->counts,
                                       report_progress, job, cancellable, &error);
  else
    ok = attest_table_writer_write_file (store,
                                         job->format == FORMAT_CSV ? ATTEST_TABLE_FORMAT_CSV
                                                                   : ATTEST_TABLE_FORMAT_JSONL,
                                         &filter, job->file, &job->counts,
                                         report_progress, job, cancellable, &error);
  if (!ok)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
export_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  AttestExportDialog *self = ATTEST_EXPORT_DIALOG (object);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (job->file);
  g_autofree char *message = NULL;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->written);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.export", TRUE);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        message = g_strdup (_("Export cancelled; nothing was written"));
      else
        message = g_strdup_printf (_("Could not export to %s: %s"), name, error->message);
    }
  else if (job->format == FORMAT_TEI || job->format == FORMAT_BRAT ||
           job->format == FORMAT_WEB_ANNOTATION || job->format == FORMAT_REFI_QDA)
    message = g_strdup_printf (ngettext ("Exported %" PRIu64 " claim to %s",
                                         "Exported %" PRIu64 " claims to %s", job->counts.claims),
                               job->counts.claims, name);
  else
    message = g_strdup_printf (ngettext ("Exported %" PRIu64 " row to %s",
                                         "Exported %" PRIu64 " rows to %s", job->counts.claims),
                               job->counts.claims, name);

  if (error == NULL)
    self->written = g_object_ref (job->file);
  g_signal_emit (self, signals[DONE], 0, message);
  gtk_window_close (GTK_WINDOW (self));
}

static char *
selected_string (AdwComboRow *row,
                 GPtrArray   *objects,
                 GStrv        strings,
                 gboolean     document)
{
  guint i = adw_combo_row_get_selected (row);

  /* Row 0 is "all". */
  if (i == 0 || i == GTK_INVALID_LIST_POSITION)
    return NULL;
  if (strings)
    return g_strdup (strings[i - 1]);
  if (document)
    return g_strdup (((AttestDocument *) g_ptr_array_index (objects, i - 1))->uuid);
  return g_strdup (((AttestCategory *) g_ptr_array_index (objects, i - 1))->key);
}

void
attest_export_dialog_export_to (AttestExportDialog *self,
                                GFile              *file)
{
  static const char * const statuses[] = { NULL, "draft", "accepted", "rejected" };
  g_autoptr(GTask) task = NULL;
  ExportJob *job = g_new0 (ExportJob, 1);
  guint status = adw_combo_row_get_selected (self->status_row);

  g_return_if_fail (ATTEST_IS_EXPORT_DIALOG (self));

  job->db_path = g_strdup (attest_store_get_path (self->store));
  job->file = g_object_ref (file);
  job->format = adw_combo_row_get_selected (self->format_row);
  job->document = selected_string (self->document_row, self->documents, NULL, TRUE);
  job->status = g_strdup (status < G_N_ELEMENTS (statuses) ? statuses[status] : NULL);
  job->annotator = selected_string (self->annotator_row, NULL, self->annotators, FALSE);
  job->category = selected_string (self->category_row, self->categories, NULL, FALSE);
  job->dialog = g_object_ref (self);

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  gtk_progress_bar_set_text (self->progress_bar, _("Starting…"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.export", FALSE);

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, export_done, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

static void
file_chosen (GtkNativeDialog    *chooser,
             int                 response,
             AttestExportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      attest_export_dialog_export_to (self, file);
    }
  g_object_unref (chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  AttestExportDialog *self = ATTEST_EXPORT_DIALOG (widget);
  static const char * const names[] = { "claims.tei.xml", "claims.csv", "claims.jsonl", "claims-brat",
                                        "claims.jsonld" };
  guint format = adw_combo_row_get_selected (self->format_row);
  GtkFileChooserNative *chooser = attest_file_chooser_new (_("Export To"), GTK_WINDOW (self),
                                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                                               _("_Export"), _("_Cancel"));

  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), names[MIN (format, G_N_ELEMENTS (names) - 1)]);
  if (format == FORMAT_REFI_QDA)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "claims.qdpx");
  g_signal_connect (chooser, "response", G_CALLBACK (file_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  AttestExportDialog *self = ATTEST_EXPORT_DIALOG (widget);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);   /* export_done closes */
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
attest_export_dialog_dispose (GObject *object)
{
  AttestExportDialog *self = ATTEST_EXPORT_DIALOG (object);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->written);
  g_clear_object (&self->store);
  g_clear_pointer (&self->documents, g_ptr_array_unref);
  g_clear_pointer (&self->categories, g_ptr_array_unref);
  g_clear_pointer (&self->annotators, g_strfreev);

  G_OBJECT_CLASS (attest_export_dialog_parent_class)->dispose (object);
}

static void
attest_export_dialog_class_init (AttestExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = attest_export_dialog_dispose;

  /* done (const char *message): what happened, for a toast in the window. */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/attest/Attest/attest-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AttestExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, AttestExportDialog, document_row);
  gtk_widget_class_bind_template_child (widget_class, AttestExportDialog, status_row);
  gtk_widget_class_bind_template_child (widget_class, AttestExportDialog, annotator_row);
  gtk_widget_class_bind_template_child (widget_class, AttestExportDialog, category_row);
  gtk_widget_class_bind_template_child (widget_class, AttestExportDialog, progress_bar);
  gtk_widget_class_install_action (widget_class, "export.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "export.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "export.cancel", NULL);
}

static void
attest_export_dialog_init (AttestExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* An article's name in the list: its title, or outlet and issue; with
 * @detailed, also its outlet, date and issue. */
static char *
document_label (AttestDocument *d,
                gboolean        detailed)
{
  const char *outlet = d->publication ? d->publication : d->origin ? d->origin : "";
  g_autofree char *title = attest_document_dup_label (d);
  g_autoptr(GString) extra = NULL;

  if (!detailed)
    return g_steal_pointer (&title);
  extra = g_string_new (NULL);
  if (d->title && *outlet)
    g_string_append (extra, outlet);
  if (d->date)
    g_string_append_printf (extra, "%s%s", extra->len ? ", " : "", d->date);
  if (d->title && d->issue)
    /* Translators: a newspaper's issue number, after its outlet and date */
    g_string_append_printf (extra, "%s%s", extra->len ? ", " : "", d->issue);
  if (extra->len == 0)
    return g_steal_pointer (&title);
  /* Translators: an article's title, then its outlet, date and issue */
  return g_strdup_printf (_("%s (%s)"), title, extra->str);
}

/* Rows of the articles' list: the title ellipsized in the middle (its
 * start and its distinguishing end both show), whole in the tooltip. */
static void
setup_document_item (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), GPOINTER_TO_INT (user_data));
  gtk_label_set_width_chars (GTK_LABEL (label), 10);
  gtk_list_item_set_child (item, label);
}

static void
bind_document_item (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  const char *text = gtk_string_object_get_string (gtk_list_item_get_item (item));

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, text);
}

static GtkListItemFactory *
document_factory_new (int max_chars)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_document_item), GINT_TO_POINTER (max_chars));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_document_item), NULL);
  return factory;
}

AttestExportDialog *
attest_export_dialog_new (GtkWindow   *parent,
                          AttestStore *store,
                          GError     **error)
{
  g_autoptr(AttestExportDialog) self = g_object_ref_sink (g_object_new (ATTEST_TYPE_EXPORT_DIALOG,
                                                                        "transient-for", parent,
                                                                        NULL));
  g_autoptr(GtkStringList) documents = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) annotators = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) categories = gtk_string_list_new (NULL);

  self->store = g_object_ref (store);
  if (!(self->documents = attest_store_list_documents (store, error)) ||
      !(self->categories = attest_store_list_categories (store, TRUE, error)) ||
      !(self->annotators = attest_store_list_annotators (store, error)))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }

  gtk_string_list_append (documents, _("All Articles"));
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

    for (guint i = 0; i < self->documents->len; i++)
      {
        char *label = document_label (g_ptr_array_index (self->documents, i), FALSE);

        g_ptr_array_add (labels, label);
        g_hash_table_insert (seen, label, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (seen, label)) + 1));
      }
    /* Articles of one title (wire stories, updates) are told apart by their
     * outlet, date and issue; still alike, by their place in the list. */
    for (guint i = 0; i < self->documents->len; i++)
      {
        const char *label = g_ptr_array_index (labels, i);
        g_autofree char *full = GPOINTER_TO_UINT (g_hash_table_lookup (seen, label)) > 1
                                ? document_label (g_ptr_array_index (self->documents, i), TRUE) : g_strdup (label);
        g_autofree char *numbered = NULL;

        for (guint j = 0; j < i; j++)
          if (g_str_equal (gtk_string_list_get_string (documents, j + 1), full))
            {
              /* Translators: an article's title and its number in the list, to tell alike ones apart */
              numbered = g_strdup_printf (_("%s (no. %u)"), full, i + 1);
              break;
            }
        gtk_string_list_append (documents, numbered ? numbered : full);
      }
  }
  gtk_string_list_append (annotators, _("Anyone"));
  for (guint i = 0; self->annotators[i]; i++)
    gtk_string_list_append (annotators, self->annotators[i]);
  gtk_string_list_append (categories, _("Any Category"));
  for (guint i = 0; i < self->categories->len; i++)
    gtk_string_list_append (categories,
                            g_dgettext (GETTEXT_PACKAGE,
                                        ((AttestCategory *) g_ptr_array_index (self->categories, i))->label));

  {
    g_autoptr(GtkListItemFactory) shown = document_factory_new (24);
    g_autoptr(GtkListItemFactory) listed = document_factory_new (60);

    adw_combo_row_set_factory (self->document_row, shown);
    adw_combo_row_set_list_factory (self->document_row, listed);
  }
  adw_combo_row_set_model (self->document_row, G_LIST_MODEL (documents));
  adw_combo_row_set_model (self->annotator_row, G_LIST_MODEL (annotators));
  adw_combo_row_set_model (self->category_row, G_LIST_MODEL (categories));
  return g_steal_pointer (&self);
}

void
attest_export_dialog_set_filter (AttestExportDialog *self,
                                 const char         *document_uuid,
                                 const char         *status)
{
  g_return_if_fail (ATTEST_IS_EXPORT_DIALOG (self));

  for (guint i = 0; document_uuid && i < self->documents->len; i++)
    if (g_str_equal (((AttestDocument *) g_ptr_array_index (self->documents, i))->uuid, document_uuid))
      adw_combo_row_set_selected (self->document_row, i + 1);
  if (g_strcmp0 (status, "draft") == 0)
    adw_combo_row_set_selected (self->status_row, 1);
  else if (g_strcmp0 (status, "accepted") == 0)
    adw_combo_row_set_selected (self->status_row, 2);
  else if (g_strcmp0 (status, "rejected") == 0)
    adw_combo_row_set_selected (self->status_row, 3);
}

void
attest_export_dialog_set_format (AttestExportDialog *self,
                                 const char         *format)
{
  g_return_if_fail (ATTEST_IS_EXPORT_DIALOG (self));

  adw_combo_row_set_selected (self->format_row, g_strcmp0 (format, "csv") == 0 ? FORMAT_CSV
                                                : g_strcmp0 (format, "jsonl") == 0 ? FORMAT_JSONL
                                                : g_strcmp0 (format, "brat") == 0 ? FORMAT_BRAT
                                                : g_strcmp0 (format, "web-annotation") == 0 ? FORMAT_WEB_ANNOTATION
                                                : g_strcmp0 (format, "refi-qda") == 0 ? FORMAT_REFI_QDA
                                                : FORMAT_TEI);
}

gboolean
attest_export_dialog_is_running (AttestExportDialog *self)
{
  g_return_val_if_fail (ATTEST_IS_EXPORT_DIALOG (self), FALSE);
  return self->cancellable != NULL;
}

/**
 * attest_export_dialog_get_written:
 *
 * Returns: (transfer none) (nullable): the file a finished export wrote, for
 *   the window's "Open"; NULL before, or after a failed or cancelled one
 */
GFile *
attest_export_dialog_get_written (AttestExportDialog *self)
{
  g_return_val_if_fail (ATTEST_IS_EXPORT_DIALOG (self), NULL);
  return self->written;
}
