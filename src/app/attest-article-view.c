/* attest-article-view.c — owns the article view widget: its template, its
 * public API, and the claims model it shows (an AttestClaimList), which it
 * follows through "items-changed". The rest of the view is in
 * attest-article-view-tagging.c (tags, colours, painting, background
 * tagging) and attest-article-view-input.c (selection, popovers, pointer,
 * actions and keys); attest-article-text.c draws the decorations.
 *
 * Highlights are one tag per category plus five fixed tags (header, title,
 * citation, selected, overlap): GtkTextView slows down with thousands of
 * distinct tags, not with many toggles of a few. Each run of text shows
 * the colour of its innermost claim; besides, AttestArticleText draws every
 * claim's own mark, an underline in a lane per level of nesting (lanes are
 * assigned from the claims index whenever the claims change), so ten
 * overlapping claims are ten marks, each clickable. A new document is tagged
 * where the user looks first, the rest in idle chunks of a few milliseconds
 * that scrolling re-prioritises; an edit re-tags only the claim's range.
 *
 * The view never saves anything: it emits "create-claim", "claim-activated",
 * "citation-activated" and "delete-claim", and the window saves and puts
 * the result into the claims model. Its keys (digits, Delete, Escape…) act
 * only while the focus is in the article; typed anywhere else they go to
 * the widget that has it.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "attest-article-text.h"
#include "attest-article-view-private.h"
#include "attest-resources.h"

/* More claims than this changed at once are painted again as for a new
 * document (the visible part now, the rest in the background) rather than
 * range by range. */
#define REPAINT_CHANGES 64

G_DEFINE_FINAL_TYPE (AttestArticleView, attest_article_view, GTK_TYPE_WIDGET)

GParamSpec *_attest_article_view_properties[N_PROPS];
guint       _attest_article_view_signals[N_SIGNALS];

static void on_claims_changed (AttestArticleView *self,
                               guint              position,
                               guint              removed,
                               guint              added,
                               GListModel        *model);

static int
compare_shortest_first (gconstpointer a,
                        gconstpointer b)
{
  AttestClaim *x = *(AttestClaim **) a;
  AttestClaim *y = *(AttestClaim **) b;
  gint64 lx = x->end - x->start;
  gint64 ly = y->end - y->start;

  return lx < ly ? -1 : lx > ly;
}

/* ------------------------------------------------------- GObject, widget */

static void
attest_article_view_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  AttestArticleView *self = ATTEST_ARTICLE_VIEW (widget);

  gtk_widget_measure (GTK_WIDGET (self->scroller), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
attest_article_view_size_allocate (GtkWidget *widget,
                                   int        width,
                                   int        height,
                                   int        baseline)
{
  AttestArticleView *self = ATTEST_ARTICLE_VIEW (widget);
  /* About 75 average characters of the text's font a line, whatever its
   * size (60 to 90 read comfortably), rather than a fixed width. Averaged
   * over English, not the interface's language: the articles' language
   * is not known, and Cyrillic's narrower average would let English
   * lines run past 90. */
  PangoFontMetrics *metrics = pango_context_get_metrics (gtk_widget_get_pango_context (GTK_WIDGET (self->text_view)),
                                                         NULL, pango_language_from_string ("en"));
  int readable = 75 * pango_font_metrics_get_approximate_char_width (metrics) / PANGO_SCALE;
  int margin = MAX (MIN_MARGIN, (width - readable) / 2);

  pango_font_metrics_unref (metrics);

  /* A readable column: centre the text rather than stretch it. Only a
   * change of width moves it, and that re-wraps the text anyway. */
  if (gtk_text_view_get_left_margin (self->text_view) != margin)
    {
      gtk_text_view_set_left_margin (self->text_view, margin);
      gtk_text_view_set_right_margin (self->text_view, margin);
    }

  gtk_widget_allocate (GTK_WIDGET (self->scroller), width, height, baseline, NULL);
  gtk_popover_present (self->category_popover);
  gtk_popover_present (self->chooser_popover);
}

static gboolean
attest_article_view_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (ATTEST_ARTICLE_VIEW (widget)->text_view));
}

static void
attest_article_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  AttestArticleView *self = ATTEST_ARTICLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_SELECTED_CLAIM:
      g_value_set_string (value, self->selected_uuid);
      break;
    case PROP_HIGHLIGHTING:
      g_value_set_boolean (value, attest_article_view_is_highlighting (self));
      break;
    case PROP_SHOW_LABELS:
      g_value_set_boolean (value, attest_article_view_get_show_labels (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
attest_article_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  AttestArticleView *self = ATTEST_ARTICLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SHOW_LABELS:
      attest_article_view_set_show_labels (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
attest_article_view_dispose (GObject *object)
{
  AttestArticleView *self = ATTEST_ARTICLE_VIEW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->tooltip_label);

  g_clear_handle_id (&self->highlight_source, g_source_remove);
  g_clear_handle_id (&self->release_source, g_source_remove);
  g_clear_handle_id (&self->match_scroll_source, g_source_remove);

  if (self->buffer != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->buffer, self);
      g_clear_object (&self->buffer);
    }

  /* Tearing the template down may close a popover: no callbacks into a
   * half-disposed view. */
  if (self->category_popover != NULL)
    {
      /* Closed first, so their grab on the seat ends with them. */
      gtk_popover_popdown (self->category_popover);
      gtk_popover_popdown (self->chooser_popover);
      g_signal_handlers_disconnect_by_data (self->category_popover, self);
      g_signal_handlers_disconnect_by_data (self->chooser_popover, self);
      g_signal_handlers_disconnect_by_data (gtk_scrolled_window_get_vadjustment (self->scroller), self);
    }

  /* Unparents the scroller and both popovers. */
  gtk_widget_dispose_template (GTK_WIDGET (self), ATTEST_TYPE_ARTICLE_VIEW);

  g_clear_object (&self->document);
  g_clear_pointer (&self->categories, g_ptr_array_unref);
  g_clear_pointer (&self->citations, g_ptr_array_unref);
  if (self->claim_index != NULL)
    attest_interval_index_clear (self->claim_index);
  if (self->citation_index != NULL)
    attest_interval_index_clear (self->citation_index);
  if (self->claims != NULL)
    g_signal_handlers_disconnect_by_data (self->claims, self);
  g_clear_object (&self->claims);
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_pointer (&self->selected_uuid, g_free);

  G_OBJECT_CLASS (attest_article_view_parent_class)->dispose (object);
}

static void
attest_article_view_finalize (GObject *object)
{
  AttestArticleView *self = ATTEST_ARTICLE_VIEW (object);

  g_clear_pointer (&self->claim_index, attest_interval_index_free);
  g_clear_pointer (&self->citation_index, attest_interval_index_free);
  g_clear_pointer (&self->category_tags, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_array_unref);
  g_clear_object (&self->tags);

  G_OBJECT_CLASS (attest_article_view_parent_class)->finalize (object);
}

static void
attest_article_view_class_init (AttestArticleViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = attest_article_view_get_property;
  object_class->set_property = attest_article_view_set_property;
  object_class->dispose = attest_article_view_dispose;
  object_class->finalize = attest_article_view_finalize;

  widget_class->measure = attest_article_view_measure;
  widget_class->size_allocate = attest_article_view_size_allocate;
  widget_class->grab_focus = attest_article_view_grab_focus;

  _attest_article_view_properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, ATTEST_TYPE_DOCUMENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  _attest_article_view_properties[PROP_SELECTED_CLAIM] =
    g_param_spec_string ("selected-claim", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  _attest_article_view_properties[PROP_HIGHLIGHTING] =
    g_param_spec_boolean ("highlighting", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* A chip with the category's short label at each claim's start. */
  _attest_article_view_properties[PROP_SHOW_LABELS] =
    g_param_spec_boolean ("show-labels", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, _attest_article_view_properties);

  /**
   * AttestArticleView::create-claim:
   * @start: first character of the selection
   * @end: character after it
   * @category: the category key
   *
   * The user asked for a claim over the selection. The window saves it and
   * calls attest_article_view_add_claim().
   */
  _attest_article_view_signals[CREATE_CLAIM] =
    g_signal_new ("create-claim", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_INT64, G_TYPE_STRING);

  /* The user picked a claim (click, chooser, Alt+Down/Up); it is selected. */
  _attest_article_view_signals[CLAIM_ACTIVATED] =
    g_signal_new ("claim-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /* The user clicked a citation (to link it to the selected claim). */
  _attest_article_view_signals[CITATION_ACTIVATED] =
    g_signal_new ("citation-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ATTEST_TYPE_CITATION);

  /* Delete was pressed in the article with this claim selected. */
  _attest_article_view_signals[DELETE_CLAIM] =
    g_signal_new ("delete-claim", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  _attest_article_view_install_actions (widget_class);

  g_type_ensure (ATTEST_TYPE_ARTICLE_TEXT);
  /* Pulls the resource object into the link, so its constructor registers it. */
  (void) attest_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/attest/Attest/attest-article-view.ui");
  gtk_widget_class_bind_template_child (widget_class, AttestArticleView, scroller);
  gtk_widget_class_bind_template_child (widget_class, AttestArticleView, text_view);
  gtk_widget_class_bind_template_child (widget_class, AttestArticleView, category_popover);
  gtk_widget_class_bind_template_child (widget_class, AttestArticleView, category_box);
  gtk_widget_class_bind_template_child (widget_class, AttestArticleView, chooser_popover);
  gtk_widget_class_bind_template_child (widget_class, AttestArticleView, chooser_box);
  gtk_widget_class_bind_template_child (widget_class, AttestArticleView, chooser_heading);

  gtk_widget_class_set_css_name (widget_class, "attest-article-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
attest_article_view_init (AttestArticleView *self)
{
  g_autoptr(GMenu) extra = g_menu_new ();
  GSettingsSchemaSource *source;
  GSettingsSchema *schema;
  GtkTextIter start;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_parent (GTK_WIDGET (self->category_popover), GTK_WIDGET (self));
  gtk_widget_set_parent (GTK_WIDGET (self->chooser_popover), GTK_WIDGET (self));

  self->claims = attest_claim_list_new ();
  g_signal_connect_swapped (self->claims, "items-changed", G_CALLBACK (on_claims_changed), self);
  self->shown = g_ptr_array_new_with_free_func (g_object_unref);
  self->claim_index = attest_interval_index_new ();
  self->citations = g_ptr_array_new_with_free_func (g_object_unref);
  self->citation_index = attest_interval_index_new ();
  self->categories = g_ptr_array_new_with_free_func (g_object_unref);
  _attest_article_view_init_tags (self);
  attest_article_text_set_claims (ATTEST_ARTICLE_TEXT (self->text_view), self->claim_index);

  /* One buffer for the view's life: documents replace its text. (GTK 4.8
   * can keep line displays of a buffer given up with set_buffer() and
   * read them after it is freed.) No undo history: the text is read-only. */
  self->buffer = gtk_text_buffer_new (self->tags);
  gtk_text_buffer_set_enable_undo (self->buffer, FALSE);
  gtk_text_buffer_get_start_iter (self->buffer, &start);
  self->scroll_mark = gtk_text_buffer_create_mark (self->buffer, "attest-scroll", &start, TRUE);
  gtk_text_view_set_buffer (self->text_view, self->buffer);

  g_menu_append (extra, _("Categorize Selection…"), "article.show-categories");
  gtk_text_view_set_extra_menu (self->text_view, G_MENU_MODEL (extra));

  _attest_article_view_init_input (self);

  /* The labels follow the preference, where there is one (not in the tests
   * without the schema installed). */
  source = g_settings_schema_source_get_default ();
  schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;
  if (schema != NULL && g_settings_schema_has_key (schema, "show-category-labels"))
    {
      self->settings = g_settings_new (APP_ID);
      g_settings_bind (self->settings, "show-category-labels", self, "show-labels", G_SETTINGS_BIND_GET);
    }
  g_clear_pointer (&schema, g_settings_schema_unref);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Article"),
                                  -1);
  _attest_article_view_update_actions (self);
}

/* ------------------------------------------------------------- public */

GtkWidget *
attest_article_view_new (void)
{
  return g_object_new (ATTEST_TYPE_ARTICLE_VIEW, NULL);
}

static void
index_claim (AttestArticleView *self,
             AttestClaim       *claim)
{
  attest_interval_index_add (self->claim_index, claim, claim->start, claim->end);
  _attest_article_view_ensure_category_tag (self, claim->category);
}

/* The index again from the whole model, as for a new document. */
static void
reload_claims (AttestArticleView *self)
{
  GListModel *model = G_LIST_MODEL (self->claims);
  guint n = g_list_model_get_n_items (model);

  attest_interval_index_clear (self->claim_index);
  g_ptr_array_set_size (self->shown, 0);
  for (guint i = 0; i < n; i++)
    {
      AttestClaim *claim = g_list_model_get_item (model, i);

      g_ptr_array_add (self->shown, claim);
      index_claim (self, claim);
    }
  attest_article_text_claims_changed (ATTEST_ARTICLE_TEXT (self->text_view));
}

static gboolean
same_look (AttestClaim *a,
           AttestClaim *b)
{
  return a->start == b->start && a->end == b->end && g_strcmp0 (a->category, b->category) == 0;
}

/* The claims model changed: the index follows it, and only the ranges of
 * the claims that came, went or changed are tagged again. A claim replaced
 * by one with the same span and category (a comment saved as it is typed,
 * a status) leaves the tags alone. Many changes at once are painted again
 * as for a new document. */
static void
on_claims_changed (AttestArticleView *self,
                   guint              position,
                   guint              removed,
                   guint              added,
                   GListModel        *model)
{
  g_autoptr(GPtrArray) old = g_ptr_array_new_with_free_func (g_object_unref);  /* keeps them alive */
  g_autoptr(GPtrArray) came = g_ptr_array_new ();                   /* claims new to the view */
  g_autoptr(GHashTable) left = g_hash_table_new (NULL, NULL);        /* claims that left it */
  g_autoptr(GHashTable) replaced = g_hash_table_new (g_str_hash, g_str_equal);  /* uuid → one that left */
  gboolean same_spans = TRUE;
  AttestClaim *selected;
  GHashTableIter iter;
  gpointer item;

  /* What left the model, from our copy of it. */
  for (guint i = 0; i < removed; i++)
    {
      AttestClaim *claim = g_ptr_array_index (self->shown, position + i);

      g_ptr_array_add (old, g_object_ref (claim));
      g_hash_table_add (left, claim);
    }
  g_ptr_array_remove_range (self->shown, position, removed);
  for (guint i = 0; i < added; i++)
    {
      AttestClaim *claim = g_list_model_get_item (model, position + i);

      g_ptr_array_insert (self->shown, position + i, claim);
      /* A claim that only moved along is not a change. */
      if (!g_hash_table_remove (left, claim))
        g_ptr_array_add (came, claim);
    }

  if (came->len == 0 && g_hash_table_size (left) == 0)
    return;

  g_hash_table_iter_init (&iter, left);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      attest_interval_index_remove (self->claim_index, item);
      g_hash_table_insert (replaced, ((AttestClaim *) item)->uuid, item);
    }
  for (guint i = 0; i < came->len; i++)
    index_claim (self, g_ptr_array_index (came, i));

  /* Claims replaced by ones over the same span (a comment, a status, a
   * category) keep their lanes; anything else assigns them again. */
  for (guint i = 0; i < came->len && same_spans; i++)
    {
      AttestClaim *claim = g_ptr_array_index (came, i);
      AttestClaim *was = g_hash_table_lookup (replaced, claim->uuid);

      same_spans = was != NULL && was->start == claim->start && was->end == claim->end;
    }
  if (same_spans && came->len == g_hash_table_size (replaced))
    for (guint i = 0; i < came->len; i++)
      {
        AttestClaim *claim = g_ptr_array_index (came, i);

        attest_article_text_claim_replaced (ATTEST_ARTICLE_TEXT (self->text_view),
                                            g_hash_table_lookup (replaced, claim->uuid), claim);
      }
  else
    attest_article_text_claims_changed (ATTEST_ARTICLE_TEXT (self->text_view));

  /* The selected claim went, or moved. */
  selected = attest_claim_list_lookup (self->claims, self->selected_uuid);
  if (self->selected_uuid != NULL && selected == NULL)
    _attest_article_view_set_selected (self, NULL, FALSE);
  else if (selected != NULL &&
           (selected->start != self->selected_range.start || selected->end != self->selected_range.end))
    {
      _attest_article_view_remove_tag (self, self->selected_tag, self->selected_range.start, self->selected_range.end);
      self->selected_range = (Range) { selected->start, selected->end };
      _attest_article_view_apply_tag (self, self->selected_tag, selected->start, selected->end);
    }

  if (came->len + g_hash_table_size (left) > REPAINT_CHANGES)
    _attest_article_view_repaint_claims (self);
  else
    {
      for (guint i = 0; i < came->len; i++)
        {
          AttestClaim *claim = g_ptr_array_index (came, i);
          AttestClaim *was = g_hash_table_lookup (replaced, claim->uuid);

          if (was != NULL)
            {
              g_hash_table_remove (replaced, claim->uuid);
              if (same_look (was, claim))
                continue;
              _attest_article_view_retag_range (self, was->start, was->end);
              if (was->start == claim->start && was->end == claim->end)
                continue;
            }
          _attest_article_view_retag_range (self, claim->start, claim->end);
        }
      g_hash_table_iter_init (&iter, replaced);
      while (g_hash_table_iter_next (&iter, NULL, &item))
        _attest_article_view_retag_range (self, ((AttestClaim *) item)->start, ((AttestClaim *) item)->end);
    }

  _attest_article_view_update_actions (self);
}

void
attest_article_view_set_document (AttestArticleView *self,
                                  AttestDocument    *document,
                                  GPtrArray         *claims,
                                  GPtrArray         *citations)
{
  GtkTextIter start;

  g_return_if_fail (ATTEST_IS_ARTICLE_VIEW (self));
  g_return_if_fail (document == NULL || ATTEST_IS_DOCUMENT (document));

  _attest_article_view_stop_highlighting (self);
  gtk_popover_popdown (self->category_popover);
  gtk_popover_popdown (self->chooser_popover);
  g_clear_handle_id (&self->release_source, g_source_remove);
  self->pressed = FALSE;

  if (self->selected_uuid != NULL)
    {
      g_clear_pointer (&self->selected_uuid, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), _attest_article_view_properties[PROP_SELECTED_CLAIM]);
    }

  attest_interval_index_clear (self->citation_index);
  g_ptr_array_set_size (self->citations, 0);
  g_set_object (&self->document, document);

  /* The old text goes with all its tags. */
  gtk_text_buffer_set_text (self->buffer,
                            document != NULL && document->text != NULL ? document->text : "", -1);
  /* The caret (a right-gravity mark) went to the end with the text. */
  gtk_text_buffer_get_start_iter (self->buffer, &start);
  gtk_text_buffer_place_cursor (self->buffer, &start);
  gtk_text_buffer_move_mark (self->buffer, self->scroll_mark, &start);
  g_clear_handle_id (&self->match_scroll_source, g_source_remove);

  /* Into the model for everyone who shows it; this view tags the new
   * text as a whole below, not claim by claim. */
  g_signal_handlers_block_by_func (self->claims, on_claims_changed, self);
  attest_claim_list_set (self->claims, claims);
  g_signal_handlers_unblock_by_func (self->claims, on_claims_changed, self);
  reload_claims (self);

  for (guint i = 0; citations != NULL && i < citations->len; i++)
    {
      AttestCitation *citation = g_ptr_array_index (citations, i);

      g_ptr_array_add (self->citations, g_object_ref (citation));
      attest_interval_index_add (self->citation_index, citation, citation->start, citation->end);
    }

  _attest_article_view_start_highlighting (self);

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  document && document->title ? document->title : _("Article"),
                                  -1);
  _attest_article_view_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), _attest_article_view_properties[PROP_DOCUMENT]);
}

AttestDocument *
attest_article_view_get_document (AttestArticleView *self)
{
  g_return_val_if_fail (ATTEST_IS_ARTICLE_VIEW (self), NULL);

  return self->document;
}

void
attest_article_view_set_categories (AttestArticleView *self,
                                    GPtrArray         *categories)
{
  GHashTableIter iter;
  gpointer key, tag;

  g_return_if_fail (ATTEST_IS_ARTICLE_VIEW (self));

  g_ptr_array_set_size (self->categories, 0);
  for (guint i = 0; categories != NULL && i < categories->len; i++)
    {
      AttestCategory *category = g_ptr_array_index (categories, i);

      g_ptr_array_add (self->categories, g_object_ref (category));
      _attest_article_view_ensure_category_tag (self, category->key);
    }

  /* A recoloured category needs no re-tagging: its one tag changes. */
  g_hash_table_iter_init (&iter, self->category_tags);
  while (g_hash_table_iter_next (&iter, &key, &tag))
    _attest_article_view_color_category_tag (self, key, tag);
  _attest_article_view_style_categories (self);

  _attest_article_view_rebuild_category_rows (self);
}

void
attest_article_view_add_claim (AttestArticleView *self,
                               AttestClaim       *claim)
{
  g_return_if_fail (ATTEST_IS_ARTICLE_VIEW (self));
  g_return_if_fail (ATTEST_IS_CLAIM (claim));
  g_return_if_fail (claim->uuid != NULL);

  attest_claim_list_save (self->claims, claim);
}

void
attest_article_view_update_claim (AttestArticleView *self,
                                  AttestClaim       *claim)
{
  g_return_if_fail (ATTEST_IS_ARTICLE_VIEW (self));
  g_return_if_fail (ATTEST_IS_CLAIM (claim));
  g_return_if_fail (claim->uuid != NULL);

  attest_claim_list_save (self->claims, claim);
}

void
attest_article_view_remove_claim (AttestArticleView *self,
                                  const char        *uuid)
{
  g_return_if_fail (ATTEST_IS_ARTICLE_VIEW (self));
  g_return_if_fail (uuid != NULL);

  attest_claim_list_remove (self->claims, uuid);
}

/**
 * attest_article_view_get_claims:
 *
 * Returns: (transfer none): the claims shown, a model the view follows
 */
AttestClaimList *
attest_article_view_get_claims (AttestArticleView *self)
{
  g_return_val_if_fail (ATTEST_IS_ARTICLE_VIEW (self), NULL);

  return self->claims;
}

/**
 * attest_article_view_claims_at:
 *
 * Returns: (transfer full): the claims covering @offset, shortest first
 *   (the innermost of nested claims leads), each with a reference.
 */
GPtrArray *
attest_article_view_claims_at (AttestArticleView *self,
                               gint64             offset)
{
  g_autoptr(GPtrArray) items = NULL;
  GPtrArray *claims = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (ATTEST_IS_ARTICLE_VIEW (self), claims);

  items = attest_interval_index_at (self->claim_index, offset);
  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (claims, g_object_ref (g_ptr_array_index (items, i)));
  /* Stable: equal lengths keep index order (by start). */
  g_ptr_array_sort (claims, compare_shortest_first);
  return claims;
}

void
attest_article_view_select_claim (AttestArticleView *self,
                                  const char        *uuid)
{
  g_return_if_fail (ATTEST_IS_ARTICLE_VIEW (self));

  _attest_article_view_set_selected (self, attest_claim_list_lookup (self->claims, uuid), TRUE);
}

const char *
attest_article_view_get_selected_claim (AttestArticleView *self)
{
  g_return_val_if_fail (ATTEST_IS_ARTICLE_VIEW (self), NULL);

  return self->selected_uuid;
}

gboolean
attest_article_view_get_selection (AttestArticleView *self,
                                   gint64            *start,
                                   gint64            *end)
{
  GtkTextIter s, e;

  g_return_val_if_fail (ATTEST_IS_ARTICLE_VIEW (self), FALSE);

  if (!gtk_text_buffer_get_selection_bounds (self->buffer, &s, &e))
    return FALSE;

  if (start)
    *start = gtk_text_iter_get_offset (&s);
  if (end)
    *end = gtk_text_iter_get_offset (&e);
  return TRUE;
}

void
attest_article_view_set_selection (AttestArticleView *self,
                                   gint64             start,
                                   gint64             end)
{
  GtkTextIter s, e;

  g_return_if_fail (ATTEST_IS_ARTICLE_VIEW (self));

  _attest_article_view_iter_at (self, &s, start);
  _attest_article_view_iter_at (self, &e, end);
  /* The caret (insert) at the end, as after a forward drag. */
  gtk_text_buffer_select_range (self->buffer, &e, &s);
  gtk_text_view_scroll_mark_onscreen (self->text_view, gtk_text_buffer_get_insert (self->buffer));
}

void
attest_article_view_show_category_popover (AttestArticleView *self)
{
  g_return_if_fail (ATTEST_IS_ARTICLE_VIEW (self));

  _attest_article_view_show_categories (self, FALSE);
}

/* The search match is marked until the caret moves (a click, a
 * selection, another document): then the claims' colours show again. */
static void
clear_match_on_move (GtkTextBuffer     *buffer,
                     GtkTextIter       *location,
                     GtkTextMark       *mark,
                     AttestArticleView *self)
{
  GtkTextIter s, e;

  if (mark != gtk_text_buffer_get_insert (buffer))
    return;
  gtk_text_buffer_get_bounds (buffer, &s, &e);
  gtk_text_buffer_remove_tag_by_name (buffer, "attest-search-match", &s, &e);
  g_signal_handlers_disconnect_by_func (buffer, clear_match_on_move, self);
  /* The person moves on: no more scrolling back to the match. */
  g_clear_handle_id (&self->match_scroll_source, g_source_remove);
}

/* Whether the match's first character is inside the visible part of the
 * text. */
static gboolean
match_in_view (AttestArticleView *self)
{
  GdkRectangle visible, location;
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &iter, self->match_mark);
  gtk_text_view_get_visible_rect (self->text_view, &visible);
  gtk_text_view_get_iter_location (self->text_view, &iter, &location);
  return visible.height > 0 &&
         location.y >= visible.y && location.y + location.height <= visible.y + visible.height &&
         location.x >= visible.x && location.x <= visible.x + visible.width;
}

/* GtkTextView computes line heights lazily, and the claims' tags (long
 * articles are tagged in the background) change them: a scroll computed
 * at once can land past the end with the match above the view. So the
 * scroll is repeated until the tagging is done and the match is seen in
 * view on two ticks in a row. */
#define MATCH_SCROLL_INTERVAL_MS 50
#define MATCH_SCROLL_MAX_TICKS   100

static gboolean
match_scroll_tick (gpointer data)
{
  AttestArticleView *self = data;
  gboolean settled = self->highlight_source == 0 && match_in_view (self);

  if ((settled && self->match_seen) || ++self->match_scroll_ticks >= MATCH_SCROLL_MAX_TICKS)
    {
      self->match_scroll_source = 0;
      return G_SOURCE_REMOVE;
    }
  /* Seen once: checked once more after the next layout. */
  self->match_seen = settled;
  if (settled)
    return G_SOURCE_CONTINUE;
  gtk_text_view_scroll_to_mark (self->text_view, self->match_mark, 0.15, FALSE, 0, 0);
  return G_SOURCE_CONTINUE;
}

gboolean
_attest_article_view_is_scrolling_to_match (AttestArticleView *self)
{
  return self->match_scroll_source != 0;
}

/* A search result opened: the first match, marked with a tag of its own
 * (above the claims' colours), the caret at its start and scrolled into
 * view. */
void
attest_article_view_show_match (AttestArticleView *self,
                                 gint64             start,
                                 gint64             end)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (self->tags, "attest-search-match");
  GtkTextIter s, e;

  g_return_if_fail (ATTEST_IS_ARTICLE_VIEW (self));
  g_return_if_fail (start <= end);

  g_signal_handlers_disconnect_by_func (self->buffer, clear_match_on_move, self);
  if (tag == NULL)
    tag = gtk_text_buffer_create_tag (self->buffer, "attest-search-match",
                                      "background", "#f9f06b", "foreground", "#241f31", NULL);
  gtk_text_tag_set_priority (tag, gtk_text_tag_table_get_size (self->tags) - 1);
  gtk_text_buffer_get_bounds (self->buffer, &s, &e);
  gtk_text_buffer_remove_tag (self->buffer, tag, &s, &e);

  _attest_article_view_iter_at (self, &s, start);
  _attest_article_view_iter_at (self, &e, end);
  gtk_text_buffer_apply_tag (self->buffer, tag, &s, &e);
  gtk_text_buffer_place_cursor (self->buffer, &s);
  gtk_text_buffer_move_mark (self->buffer, self->scroll_mark, &s);
  if (self->match_mark == NULL)
    self->match_mark = gtk_text_buffer_create_mark (self->buffer, "attest-match", &s, TRUE);
  else
    gtk_text_buffer_move_mark (self->buffer, self->match_mark, &s);
  /* Within the margin, not aligned: an alignment near the end would ask
   * for a place past it. */
  gtk_text_view_scroll_to_mark (self->text_view, self->match_mark, 0.15, FALSE, 0, 0);
  g_clear_handle_id (&self->match_scroll_source, g_source_remove);
  self->match_scroll_ticks = 0;
  self->match_seen = FALSE;
  self->match_scroll_source = g_timeout_add_full (G_PRIORITY_LOW, MATCH_SCROLL_INTERVAL_MS,
                                                  match_scroll_tick, self, NULL);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->match_scroll_source),
                            "[attest] scroll to the search match");
  g_signal_connect (self->buffer, "mark-set", G_CALLBACK (clear_match_on_move), self);
}

GtkTextView *
attest_article_view_get_text_view (AttestArticleView *self)
{
  g_return_val_if_fail (ATTEST_IS_ARTICLE_VIEW (self), NULL);

  return self->text_view;
}

gboolean
attest_article_view_is_highlighting (AttestArticleView *self)
{
  g_return_val_if_fail (ATTEST_IS_ARTICLE_VIEW (self), FALSE);

  return self->highlight_source != 0;
}



gboolean
attest_article_view_get_show_labels (AttestArticleView *self)
{
  g_return_val_if_fail (ATTEST_IS_ARTICLE_VIEW (self), FALSE);

  return attest_article_text_get_show_labels (ATTEST_ARTICLE_TEXT (self->text_view));
}

void
attest_article_view_set_show_labels (AttestArticleView *self,
                                     gboolean           show_labels)
{
  g_return_if_fail (ATTEST_IS_ARTICLE_VIEW (self));

  if (attest_article_view_get_show_labels (self) == !!show_labels)
    return;
  attest_article_text_set_show_labels (ATTEST_ARTICLE_TEXT (self->text_view), show_labels);
  g_object_notify_by_pspec (G_OBJECT (self), _attest_article_view_properties[PROP_SHOW_LABELS]);
}

/**
 * attest_article_view_get_claim_lane:
 *
 * Returns: the lane of the claim's mark under the text (0 nearest the
 *   text, one lane per level of nesting), or -1 for no such claim
 */
int
attest_article_view_get_claim_lane (AttestArticleView *self,
                                    const char        *uuid)
{
  AttestClaim *claim;

  g_return_val_if_fail (ATTEST_IS_ARTICLE_VIEW (self), -1);

  claim = attest_claim_list_lookup (self->claims, uuid);
  return claim ? attest_article_text_get_lane (ATTEST_ARTICLE_TEXT (self->text_view), claim) : -1;
}

/* The citations of the selected claim's sources, in bold: a tag of its
 * own, made the first time, so the claim and what it rests on are seen
 * together. Only the weight: colours and underlines are the claims'. */
static GtkTextTag *
linked_tag (AttestArticleView *self)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (self->tags, "attest-linked");

  if (tag == NULL)
    {
      tag = gtk_text_tag_new ("attest-linked");
      g_object_set (tag, "weight", PANGO_WEIGHT_BOLD, NULL);
      gtk_text_tag_table_add (self->tags, tag);
      g_object_unref (tag);
    }
  return tag;
}

gboolean
attest_article_view_show_sources (AttestArticleView *self,
                                  GPtrArray         *source_uuids,
                                  const char        *scroll_to)
{
  GtkTextTag *tag;
  GtkTextIter start, end;
  gboolean found = FALSE;

  g_return_val_if_fail (ATTEST_IS_ARTICLE_VIEW (self), FALSE);

  tag = linked_tag (self);
  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  gtk_text_buffer_remove_tag (self->buffer, tag, &start, &end);

  for (guint i = 0; i < self->citations->len; i++)
    {
      AttestCitation *citation = g_ptr_array_index (self->citations, i);
      const char *uuid = citation->source ? citation->source->uuid : NULL;
      gboolean linked = FALSE;

      for (guint j = 0; source_uuids != NULL && j < source_uuids->len && !linked; j++)
        linked = g_strcmp0 (g_ptr_array_index (source_uuids, j), uuid) == 0;
      if (!linked)
        continue;
      _attest_article_view_apply_tag (self, tag, citation->start, citation->end);
      /* The first citation of the source asked for, in the middle. */
      if (!found && scroll_to != NULL && g_strcmp0 (scroll_to, uuid) == 0)
        {
          GtkTextIter iter;

          _attest_article_view_iter_at (self, &iter, citation->start);
          gtk_text_buffer_move_mark (self->buffer, self->scroll_mark, &iter);
          gtk_text_view_scroll_to_mark (self->text_view, self->scroll_mark, 0.0, TRUE, 0.0, 0.5);
          found = TRUE;
        }
    }
  return found;
}
