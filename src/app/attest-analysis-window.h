/* attest-analysis-window.h — Statistics, Agreement and Curation. */
#pragma once

#include <adwaita.h>

#include "attest-store.h"

G_BEGIN_DECLS

#define ATTEST_TYPE_ANALYSIS_WINDOW (attest_analysis_window_get_type ())
G_DECLARE_FINAL_TYPE (AttestAnalysisWindow, attest_analysis_window, ATTEST, ANALYSIS_WINDOW, AdwWindow)

AttestAnalysisWindow *attest_analysis_window_new           (GtkWindow            *parent,
                                                            AttestStore          *store,
                                                            GError              **error);
/* "statistics", "agreement" or "curation". */
void                  attest_analysis_window_show_page     (AttestAnalysisWindow *self,
                                                            const char           *page);
/* Writes every chart into @folder as "NAME.svg" or "NAME.png". */
gboolean              attest_analysis_window_export_charts (AttestAnalysisWindow *self,
                                                            GFile                *folder,
                                                            const char           *format,
                                                            GError              **error);

G_END_DECLS
