/* test-window-search.c — searching, under Xvfb, in the window an analyst
 * uses: a prefix typed in the sidebar lists the right article with a
 * snippet, its outlet and date; opening it shows the match, highlighted,
 * with the caret there; the sidebar's selection is the open article and
 * its claim counts follow the edits while searching. Ctrl+F finds in the
 * article with an exact count, walks the matches with real keys (Enter,
 * Shift+Enter, Ctrl+G, Shift+Ctrl+G) and Escape closes it. */
#include "test-window-fixture.h"
#include "attest-document-list.h"
#include "attest-find-bar.h"
#include "attest-test-input.h"
#include "attest-article-view-private.h"

#define WAIT_UNTIL(cond)                                                        \
  G_STMT_START {                                                                \
    gint64 _deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;           \
    while (!(cond) && g_get_monotonic_time () < _deadline)                      \
      g_main_context_iteration (NULL, FALSE);                                   \
  } G_STMT_END

static GtkWidget *
window_part (Fixture    *f,
             const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (f->window), ATTEST_TYPE_WINDOW, name));
}

static GtkWidget *
list_part (Fixture    *f,
           const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (window_part (f, "document_list"), ATTEST_TYPE_DOCUMENT_LIST,
                                                    name));
}

static GtkWidget *
find_part (Fixture    *f,
           const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (window_part (f, "find_bar"), ATTEST_TYPE_FIND_BAR, name));
}

static GListModel *
listed (Fixture *f)
{
  return attest_document_list_get_model (ATTEST_DOCUMENT_LIST (window_part (f, "document_list")));
}

static char *
listed_uuids (Fixture *f)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (listed (f)); i++)
    {
      g_autoptr(AttestDocument) doc = g_list_model_get_item (listed (f), i);
      g_string_append_printf (out, "%s%s", out->len ? " " : "", doc->uuid);
    }
  return g_string_free (out, FALSE);
}

static AttestDocument *
stored (Fixture    *f,
        const char *ref)
{
  g_autoptr(GError) error = NULL;
  AttestDocument *doc = attest_store_get_document (f->store, ref, &error);

  g_assert_no_error (error);
  return doc;
}

static guint
selected (Fixture *f)
{
  GtkListView *list = GTK_LIST_VIEW (list_part (f, "list_view"));

  return gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (gtk_list_view_get_model (list)));
}

/* Whether character @offset of the article is on screen. */
static gboolean
offset_visible (Fixture *f,
                gint64   offset)
{
  GtkTextView *tv = attest_article_view_get_text_view (article_view (f));
  GdkRectangle visible, where;
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_offset (gtk_text_view_get_buffer (tv), &iter, offset);
  gtk_text_view_get_visible_rect (tv, &visible);
  gtk_text_view_get_iter_location (tv, &iter, &where);
  return where.y >= visible.y && where.y + where.height <= visible.y + visible.height;
}

static gint64
caret (Fixture *f)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (attest_article_view_get_text_view (article_view (f)));
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  return gtk_text_iter_get_offset (&iter);
}

/* Whether the tag named @name covers exactly @start…@end (the characters
 * just outside are not tagged). */
static gboolean
tagged (Fixture    *f,
        const char *name,
        gint64      start,
        gint64      end)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (attest_article_view_get_text_view (article_view (f)));
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), name);
  GtkTextIter iter;

  if (tag == NULL)
    return FALSE;
  for (gint64 i = start; i < end; i++)
    {
      gtk_text_buffer_get_iter_at_offset (buffer, &iter, i);
      if (!gtk_text_iter_has_tag (&iter, tag))
        return FALSE;
    }
  if (start > 0)
    {
      gtk_text_buffer_get_iter_at_offset (buffer, &iter, start - 1);
      if (gtk_text_iter_has_tag (&iter, tag))
        return FALSE;
    }
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, end);
  return !gtk_text_iter_has_tag (&iter, tag);
}

/* Occurrences of @word in @text in any case, counted apart from GTK. */
static guint
count_any_case (const char *text,
                const char *word)
{
  g_autofree char *hay = g_utf8_casefold (text, -1);
  g_autofree char *needle = g_utf8_casefold (word, -1);
  guint n = 0;

  for (const char *p = strstr (hay, needle); p; p = strstr (p + strlen (needle), needle))
    n++;
  return n;
}

/* ----------------------------------------------------------- the sidebar */

static void
test_search_results (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AttestDocument) doc = stored (f, "4");   /* sample 003: "Major-General Aleksandr Baronov" */
  g_autoptr(AttestDocument) listed_doc = NULL;
  g_autoptr(GDateTime) when = g_date_time_new_local (2004, 6, 4, 12, 0, 0);
  g_autofree char *date = g_date_time_format (when, "%x");
  g_autofree char *detail = NULL;
  g_autofree char *uuids = NULL;
  GtkWidget *entry = list_part (f, "search_entry");
  GtkWidget *list = list_part (f, "list_view");
  gint64 match = attest_document_find (doc, "Baronov", 0);

  g_assert_cmpint (match, >, 0);
  /* The sidebar shows each article's outlet and date, as the locale writes it. */
  g_assert_true (attest_store_set_document_date (f->store, doc->uuid, "2004-06-04", &error));
  g_assert_no_error (error);
  attest_document_list_reload (ATTEST_DOCUMENT_LIST (window_part (f, "document_list")));
  detail = g_strdup_printf ("%s · Eurasia Daily Monitor · vol. 1, issue 30", date);
  g_assert_true (attest_test_wait_for_text (list, detail));

  /* The sidebar highlights the open article: the first, opened by the window. */
  g_assert_cmpuint (selected (f), ==, 0);

  /* A prefix of a word of one article lists it alone, with a snippet. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "Baro");
  WAIT_UNTIL (g_list_model_get_n_items (listed (f)) == 1);
  uuids = listed_uuids (f);
  g_assert_cmpstr (uuids, ==, doc->uuid);
  g_assert_true (attest_test_wait_for_text (list, "Major-General Aleksandr Baronov, Commander of the Russian"));
  g_assert_true (attest_test_shows_text (list, detail));
  /* Nothing open in the results: nothing selected. */
  g_assert_cmpuint (selected (f), ==, GTK_INVALID_LIST_POSITION);
  screenshot (GTK_WIDGET (f->window), "window-search-results.png");

  /* Opening it shows the match: caret there, highlighted, on screen. */
  g_signal_emit_by_name (list, "activate", 0);
  g_assert_cmpstr (attest_article_view_get_document (article_view (f))->uuid, ==, doc->uuid);
  g_assert_cmpint (caret (f), ==, match);
  g_assert_true (tagged (f, "attest-search-match", match, match + strlen ("Baronov")));
  WAIT_UNTIL (offset_visible (f, match));
  g_assert_true (offset_visible (f, match));
  g_assert_cmpuint (selected (f), ==, 0);
  screenshot (GTK_WIDGET (f->window), "window-search-opened.png");

  /* The mark goes when the caret moves (a click, a selection), so the
   * claims' colours show again. */
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (attest_article_view_get_text_view (article_view (f)));
    GtkTextIter iter;

    gtk_text_buffer_get_iter_at_offset (buffer, &iter, match + 2);
    gtk_text_buffer_place_cursor (buffer, &iter);
    g_assert_false (tagged (f, "attest-search-match", match, match + strlen ("Baronov")));
    gtk_text_buffer_get_iter_at_offset (buffer, &iter, match);
    g_assert_false (gtk_text_iter_has_tag (&iter, gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer),
                                                                              "attest-search-match")));
  }

  /* A claim made while searching (as the digit key makes it, through the
   * window) counts at once in the hit. */
  g_signal_emit_by_name (article_view (f), "create-claim", match, match + (gint64) strlen ("Baronov"), "debt-deal");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (attest_article_view_get_claims (article_view (f)))), ==, 1);
  listed_doc = g_list_model_get_item (listed (f), 0);
  g_assert_cmpint (listed_doc->claim_count, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (listed (f)), ==, 1);
  /* And one another analyst's process saves, when the store says so. */
  {
    g_autoptr(GSubprocess) proc = NULL;
    g_autofree char *range = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, match - 10, match - 1);
    gint64 deadline;

    proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, g_getenv ("ATTEST_CLI"), "--db", f->db,
                             "--annotator", "Boris", "annotate", doc->uuid, "--category", "debt-deal",
                             "--range", range, NULL);
    g_assert_no_error (error);
    g_assert_true (g_subprocess_wait_check (proc, NULL, &error));
    g_assert_no_error (error);
    deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
    while (g_get_monotonic_time () < deadline)
      {
        g_clear_object (&listed_doc);
        listed_doc = g_list_model_get_item (listed (f), 0);
        if (listed_doc->claim_count == 2)
          break;
        g_main_context_iteration (NULL, FALSE);
      }
    g_assert_cmpint (listed_doc->claim_count, ==, 2);
    g_assert_true (attest_test_wait_for_text (list, "2"));
    g_assert_cmpuint (g_list_model_get_n_items (listed (f)), ==, 1);
  }
  /* Still the open article's row highlighted. */
  g_assert_cmpuint (selected (f), ==, 0);

  /* Back to every article: still the open one highlighted (the fourth). */
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  WAIT_UNTIL (g_list_model_get_n_items (listed (f)) == 5);
  g_assert_cmpuint (g_list_model_get_n_items (listed (f)), ==, 5);
  g_assert_cmpuint (selected (f), ==, 3);

  /* Hostile input: no error, no results, the window unharmed. (The
   * import's toasts go first.) */
  for (guint i = 0; i < 10 && close_toast (GTK_WIDGET (f->window)); i++)
    attest_test_spin (400);
  g_assert_false (close_toast (GTK_WIDGET (f->window)));
  gtk_editable_set_text (GTK_EDITABLE (entry), "Baronov\" (NOT*");
  WAIT_UNTIL (g_list_model_get_n_items (listed (f)) == 1);
  g_assert_cmpuint (g_list_model_get_n_items (listed (f)), ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (entry), "\"( * -)");
  WAIT_UNTIL (g_list_model_get_n_items (listed (f)) == 0);
  g_assert_cmpuint (g_list_model_get_n_items (listed (f)), ==, 0);
  g_assert_true (attest_test_wait_for_text (GTK_WIDGET (f->window), "No Results"));
  g_assert_false (close_toast (GTK_WIDGET (f->window)));
  gtk_editable_set_text (GTK_EDITABLE (entry), "\"border guards\"");
  WAIT_UNTIL (g_list_model_get_n_items (listed (f)) == 4);
  g_assert_cmpuint (g_list_model_get_n_items (listed (f)), ==, 4);
}

/* Whether the whole rectangle of character @offset is inside the visible
 * rectangle, in both directions. */
static gboolean
offset_inside_view (Fixture *f,
                    gint64   offset)
{
  GtkTextView *tv = attest_article_view_get_text_view (article_view (f));
  GdkRectangle visible, where;
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_offset (gtk_text_view_get_buffer (tv), &iter, offset);
  gtk_text_view_get_visible_rect (tv, &visible);
  gtk_text_view_get_iter_location (tv, &iter, &where);
  return visible.height > 0 &&
         where.y >= visible.y && where.y + where.height <= visible.y + visible.height &&
         where.x >= visible.x && where.x + where.width <= visible.x + visible.width;
}

/* Where the article @uuid is in the sidebar's list. */
static guint
listed_at (Fixture    *f,
           const char *uuid)
{
  for (guint i = 0; i < g_list_model_get_n_items (listed (f)); i++)
    {
      g_autoptr(AttestDocument) hit = g_list_model_get_item (listed (f), i);

      if (g_str_equal (hit->uuid, uuid))
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* A match in an article's last paragraph: opened, the view shows it (a
 * scroll computed before the lines had their heights landed past the end,
 * the text area blank), for the last two words of each sample. */
static void
test_match_at_end (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *entry = list_part (f, "search_entry");
  GtkWidget *list = list_part (f, "list_view");

  for (guint n = 1; n <= 5; n++)
    {
      g_autofree char *ref = g_strdup_printf ("%u", n);
      g_autoptr(AttestDocument) doc = stored (f, ref);
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) words = g_regex_split_simple ("[^[:alnum:]]+", doc->text, G_REGEX_OPTIMIZE, 0);
      guint nw = g_strv_length (words);
      g_autofree char *query = NULL;
      const char *last_break = strrchr (doc->text, '\n');
      gint64 start = -1, end = -1, s = -1, e = -1;
      guint pos = GTK_INVALID_LIST_POSITION;

      while (nw > 0 && words[nw - 1][0] == '\0')
        nw--;
      g_assert_cmpuint (nw, >=, 2);
      query = g_strdup_printf ("\"%s %s\"", words[nw - 2], words[nw - 1]);
      g_assert_true (attest_store_find_match (f->store, doc->uuid, query, &start, &end, &error));
      g_assert_no_error (error);
      /* In the last paragraph. */
      g_assert_nonnull (last_break);
      g_assert_cmpint (start, >=, g_utf8_pointer_to_offset (doc->text, last_break));

      gtk_editable_set_text (GTK_EDITABLE (entry), query);
      /* The list has taken the new query (it searches after a pause). */
      WAIT_UNTIL ((pos = listed_at (f, doc->uuid)) != GTK_INVALID_LIST_POSITION &&
                  attest_document_list_find_match (ATTEST_DOCUMENT_LIST (window_part (f, "document_list")),
                                                   doc->uuid, &s, &e) && s == start && e == end);
      if (pos == GTK_INVALID_LIST_POSITION)
        g_test_message ("%s not listed for %s", doc->uuid, query);
      g_assert_cmpuint (pos, !=, GTK_INVALID_LIST_POSITION);
      g_signal_emit_by_name (list, "activate", pos);
      g_assert_cmpstr (attest_article_view_get_document (article_view (f))->uuid, ==, doc->uuid);
      g_assert_cmpint (caret (f), ==, start);
      g_assert_true (tagged (f, "attest-search-match", start, end));
      /* Once the tagging and the layout have settled, the match is in view. */
      WAIT_UNTIL (!attest_article_view_is_highlighting (article_view (f)) &&
                  !_attest_article_view_is_scrolling_to_match (article_view (f)));
      g_assert_false (_attest_article_view_is_scrolling_to_match (article_view (f)));
      g_assert_true (offset_inside_view (f, start));
      g_assert_true (offset_inside_view (f, end - 1));
    }
  screenshot (GTK_WIDGET (f->window), "window-search-match-at-end.png");
}

/* The outside tester's case: "security structures" in sample 003 matches
 * together only in its last paragraph ("…its security structures too
 * weak…"); typed unquoted, opening goes there, not to "security" in the
 * second paragraph, and shows it; typed quoted, the same. */
static void
test_words_together (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(AttestDocument) doc = stored (f, "4");
  g_autoptr(AttestDocument) other = stored (f, "1");
  GtkWidget *entry = list_part (f, "search_entry");
  GtkWidget *list = list_part (f, "list_view");
  const char *queries[] = { "security structures", "\"security structures\"" };
  const char *at = strstr (doc->text, "security structures too weak");
  gint64 match, first_word;

  g_assert_nonnull (at);
  match = g_utf8_pointer_to_offset (doc->text, at);
  first_word = attest_document_find (doc, "security", 0);
  g_assert_cmpint (first_word, <, match);
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      gint64 s = -1, e = -1;
      guint pos = GTK_INVALID_LIST_POSITION;

      /* Another article open first, so the opening is a real one. */
      g_assert_true (attest_window_open_document (f->window, other->uuid));
      gtk_editable_set_text (GTK_EDITABLE (entry), queries[q]);
      WAIT_UNTIL ((pos = listed_at (f, doc->uuid)) != GTK_INVALID_LIST_POSITION &&
                  attest_document_list_find_match (ATTEST_DOCUMENT_LIST (window_part (f, "document_list")),
                                                   doc->uuid, &s, &e) && s == match);
      g_assert_cmpuint (pos, !=, GTK_INVALID_LIST_POSITION);
      g_signal_emit_by_name (list, "activate", pos);
      g_assert_cmpstr (attest_article_view_get_document (article_view (f))->uuid, ==, doc->uuid);
      g_assert_cmpint (caret (f), ==, match);
      g_assert_true (tagged (f, "attest-search-match", match, match + (gint64) strlen ("security structures")));
      WAIT_UNTIL (!attest_article_view_is_highlighting (article_view (f)) &&
                  !_attest_article_view_is_scrolling_to_match (article_view (f)));
      g_assert_true (offset_inside_view (f, match));
    }
  screenshot (GTK_WIDGET (f->window), "window-search-words-together.png");
}

/* ------------------------------------------------------------ find bar */

static void
test_find_in_article (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(AttestDocument) doc = stored (f, "4");
  AttestFindBar *bar = ATTEST_FIND_BAR (window_part (f, "find_bar"));
  GtkWidget *entry = find_part (f, "entry");
  GtkWidget *count = find_part (f, "count_label");
  guint expected = count_any_case (doc->text, "tajik");
  gint64 start, end, first;

  /* "Tajik", "Tajiks", "Tajikistan", "TAJIK…": 24 in sample 003. */
  g_assert_cmpuint (expected, ==, 24);
  g_assert_true (attest_window_open_document (f->window, doc->uuid));
  attest_test_spin (100);
  g_assert_false (attest_find_bar_is_open (bar));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.find", NULL);
  g_assert_true (attest_find_bar_is_open (bar));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), "tajik");
  WAIT_UNTIL (attest_find_bar_get_n_matches (bar) == expected);
  g_assert_cmpuint (attest_find_bar_get_n_matches (bar), ==, 24);
  g_assert_cmpint (attest_find_bar_get_current (bar), ==, 0);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, "1 of 24");

  /* The first match is the first "Tajik…" of the text, in any case. */
  first = g_utf8_pointer_to_offset (doc->text, strstr (doc->text, "Tajik"));
  g_assert_true (attest_find_bar_get_match (bar, 0, &start, &end));
  g_assert_cmpint (start, ==, first);
  g_assert_cmpint (end, ==, first + 5);
  g_assert_true (tagged (f, "attest-find-current", start, end));
  g_assert_cmpint (caret (f), ==, start);
  g_assert_false (attest_find_bar_get_match (bar, 24, NULL, NULL));

  /* On, wrapping around; every match highlighted. */
  attest_find_bar_next (bar);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, "2 of 24");
  attest_find_bar_previous (bar);
  attest_find_bar_previous (bar);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, "24 of 24");
  g_assert_true (attest_find_bar_get_match (bar, 23, &start, &end));
  g_assert_true (tagged (f, "attest-find-current", start, end));
  WAIT_UNTIL (offset_visible (f, start));
  g_assert_true (offset_visible (f, start));
  for (guint i = 0; i < 24; i++)
    {
      g_assert_true (attest_find_bar_get_match (bar, i, &start, &end));
      g_assert_true (tagged (f, "attest-find-match", start, end));
    }
  screenshot (GTK_WIDGET (f->window), "window-find.png");

  /* Nothing found: said so. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "zeppelin");
  WAIT_UNTIL (attest_find_bar_get_n_matches (bar) == 0);
  g_assert_true (attest_test_wait_for_text (count, "No matches"));
  g_assert_cmpint (attest_find_bar_get_current (bar), ==, -1);

  /* Another article: its matches. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "russia");
  WAIT_UNTIL (attest_find_bar_get_n_matches (bar) == count_any_case (doc->text, "russia"));
  g_assert_cmpuint (attest_find_bar_get_n_matches (bar), ==, count_any_case (doc->text, "russia"));
  {
    g_autoptr(AttestDocument) other = stored (f, "5");

    g_assert_true (attest_window_open_document (f->window, other->uuid));
    WAIT_UNTIL (attest_find_bar_get_n_matches (bar) == count_any_case (other->text, "russia"));
    g_assert_cmpuint (attest_find_bar_get_n_matches (bar), ==, count_any_case (other->text, "russia"));
    g_assert_cmpuint (count_any_case (other->text, "russia"), !=, count_any_case (doc->text, "russia"));
  }

  /* Closed: no highlights left. */
  g_assert_true (attest_find_bar_get_match (bar, 0, &start, &end));
  attest_find_bar_close (bar);
  g_assert_false (attest_find_bar_is_open (bar));
  g_assert_cmpuint (attest_find_bar_get_n_matches (bar), ==, 0);
  g_assert_false (tagged (f, "attest-find-match", start, end));
}

/* Presses or releases Shift and returns once GTK has been given it. */
static void
hold_shift (Input    *x,
            gboolean  down)
{
  KeyCode shift = x->keycode (x->dpy, XK_Shift_L);
  guint *seen = down ? &input_seen.key_presses[shift] : &input_seen.key_releases[shift];
  guint before = *seen;

  x->key (x->dpy, shift, down, 0);
  x->flush (x->dpy);
  INPUT_WAIT_UNTIL (*seen > before);
  g_assert_cmpuint (*seen, >, before);
}

/* The keys, real ones through XTest, in a window of the application. */
static void
test_find_keys (Fixture       *f,
                gconstpointer  data)
{
  static Input input;
  g_autoptr(AttestDocument) doc = stored (f, "4");
  AttestFindBar *bar = ATTEST_FIND_BAR (window_part (f, "find_bar"));
  GtkWidget *count = find_part (f, "count_label");
  GtkTextView *tv = attest_article_view_get_text_view (article_view (f));

  if (!input_open (&input))
    {
      g_test_skip ("no XTest on this display");
      return;
    }
  g_assert_true (attest_window_open_document (f->window, doc->uuid));
  attest_test_spin (200);
  gtk_widget_grab_focus (GTK_WIDGET (tv));

  input_key (&input, XK_f, XK_Control_L);
  INPUT_WAIT_UNTIL (attest_find_bar_is_open (bar));
  g_assert_true (attest_find_bar_is_open (bar));
  /* Each key searches at once here (the field waits for a pause in
   * typing otherwise), so which words Enter finds is known. */
  gtk_search_entry_set_search_delay (GTK_SEARCH_ENTRY (find_part (f, "entry")), 0);
  /* Typed at once: the field is there for the first key. */
  input_type (&input, "Tajik");
  INPUT_WAIT_UNTIL (attest_find_bar_get_n_matches (bar) == 24);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, "1 of 24");
  input_key (&input, XK_Return, 0);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, "2 of 24");
  input_key (&input, XK_Return, 0);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, "3 of 24");
  input_key (&input, XK_Return, XK_Shift_L);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, "2 of 24");
  input_key (&input, XK_g, XK_Control_L);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, "3 of 24");
  /* Ctrl+G goes on with the focus in the text too; so does the button. */
  gtk_widget_grab_focus (GTK_WIDGET (tv));
  input_key (&input, XK_g, XK_Control_L);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, "4 of 24");
  g_signal_emit_by_name (find_part (f, "next_button"), "clicked");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, "5 of 24");
  g_signal_emit_by_name (find_part (f, "previous_button"), "clicked");
  g_signal_emit_by_name (find_part (f, "previous_button"), "clicked");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, "3 of 24");
  gtk_widget_grab_focus (find_part (f, "entry"));
  /* Shift+Ctrl+G: both modifiers held. */
  hold_shift (&input, TRUE);
  input_key (&input, XK_g, XK_Control_L);
  hold_shift (&input, FALSE);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, "2 of 24");

  /* Escape closes it; the keys go back to the text, the caret at the match. */
  input_key (&input, XK_Escape, 0);
  INPUT_WAIT_UNTIL (!attest_find_bar_is_open (bar));
  g_assert_false (attest_find_bar_is_open (bar));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (tv)));
  {
    GtkTextIter iter;
    gint64 second = g_utf8_pointer_to_offset (doc->text, strstr (strstr (doc->text, "Tajik") + 1, "Tajik"));

    gtk_text_buffer_get_iter_at_mark (gtk_text_view_get_buffer (tv), &iter,
                                      gtk_text_buffer_get_insert (gtk_text_view_get_buffer (tv)));
    g_assert_cmpint (gtk_text_iter_get_offset (&iter), ==, second);
  }

  /* Shift+Ctrl+F is the sidebar's search. */
  hold_shift (&input, TRUE);
  input_key (&input, XK_f, XK_Control_L);
  hold_shift (&input, FALSE);
  INPUT_WAIT_UNTIL (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), list_part (f, "search_entry")));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f->window)), list_part (f, "search_entry")));
  g_assert_false (attest_find_bar_is_open (bar));
  input_close (&input);
}

int
main (int   argc,
      char *argv[])
{
  /* Helpers of attest-test-input.h this program does not need. */
  (void) input_key_closing;
  (void) input_click;
  g_log_set_writer_func (log_writer, NULL, NULL);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/io/github/attest/Attest/icons");

  g_test_add ("/window-search/results", Fixture, NULL, fixture_set_up, test_search_results, fixture_tear_down);
  g_test_add ("/window-search/match-at-end", Fixture, NULL, fixture_set_up, test_match_at_end, fixture_tear_down);
  g_test_add ("/window-search/words-together", Fixture, NULL, fixture_set_up, test_words_together, fixture_tear_down);
  g_test_add ("/window-search/find", Fixture, NULL, fixture_set_up, test_find_in_article, fixture_tear_down);
  g_test_add ("/window-search/find-keys", Fixture, GINT_TO_POINTER (1), fixture_set_up, test_find_keys,
              fixture_tear_down);

  return g_test_run ();
}
