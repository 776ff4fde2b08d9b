/* cmd-search.c: "hoso search QUERY", pages that say what a person asks.
 *
 * Hits are grouped by dossier: under each dossier id, the file and page of
 * each hit and a snippet of the page.  On a terminal the matching words are
 * shown in bold; elsewhere the snippet is printed as the document has it.
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "cli.h"

#define DEFAULT_LIMIT 20
#define MAX_LIMIT 10000

static json_t *
hit_json (const HosoSearchHit *hit)
{
  json_t *obj = json_object ();
  json_t *matches = json_array ();

  json_object_set_new (obj, "path", hoso_cli_json_string (hit->path));
  json_object_set_new (obj, "version", json_integer (hit->version));
  json_object_set_new (obj, "page", json_integer (hit->page));
  json_object_set_new (obj, "type", hoso_cli_json_string (hit->type));
  json_object_set_new (obj, "digest", hoso_cli_json_string (hit->digest));
  json_object_set_new (obj, "score", json_real (hit->score));
  json_object_set_new (obj, "snippet", hoso_cli_json_string (hit->snippet));
  for (guint i = 0; i < hit->matches->len; i++)
    {
      const HosoSearchMatch *m = &g_array_index (hit->matches, HosoSearchMatch, i);
      json_array_append_new (matches, json_pack ("{s:i, s:i}", "start", (int) m->start,
                                                 "length", (int) m->length));
    }
  json_object_set_new (obj, "matches", matches);
  return obj;
}

static void
print_json (const char *query, guint limit, const HosoSearchResult *result)
{
  g_autoptr(json_t) root = hoso_cli_json_new ();
  json_t *dossiers = json_array ();
  json_t *hits = NULL;
  const char *current = NULL;

  json_object_set_new (root, "query", hoso_cli_json_string (query));
  json_object_set_new (root, "total", json_integer (result->total));
  json_object_set_new (root, "more", json_boolean (result->total_capped));
  json_object_set_new (root, "limit", json_integer (limit));
  for (guint i = 0; i < result->hits->len; i++)
    {
      const HosoSearchHit *hit = g_ptr_array_index (result->hits, i);
      if (current == NULL || strcmp (current, hit->dossier) != 0)
        {
          json_t *dossier = json_object ();
          current = hit->dossier;
          hits = json_array ();
          json_object_set_new (dossier, "id", hoso_cli_json_string (hit->dossier));
          json_object_set_new (dossier, "hits", hits);
          json_array_append_new (dossiers, dossier);
        }
      json_array_append_new (hits, hit_json (hit));
    }
  json_object_set_new (root, "dossiers", dossiers);
  hoso_cli_json_print (root);
}

/* The snippet with its matches in bold when BOLD. */
static char *
marked_snippet (const HosoSearchHit *hit, gboolean bold)
{
  GString *out = g_string_new (NULL);
  const char *p = hit->snippet;
  guint at = 0;

  if (!bold)
    return g_strdup (hit->snippet);
  for (guint i = 0; i < hit->matches->len; i++)
    {
      const HosoSearchMatch *m = &g_array_index (hit->matches, HosoSearchMatch, i);
      const char *start = g_utf8_offset_to_pointer (p, m->start - at);
      const char *end = g_utf8_offset_to_pointer (start, m->length);

      g_string_append_len (out, p, start - p);
      g_string_append (out, "\033[1m");
      g_string_append_len (out, start, end - start);
      g_string_append (out, "\033[0m");
      p = end;
      at = m->start + m->length;
    }
  g_string_append (out, p);
  return g_string_free (out, FALSE);
}

static void
print_text (const HosoSearchResult *result)
{
  gboolean bold = isatty (STDOUT_FILENO);
  const char *current = NULL;

  if (result->total == 0)
    {
      g_print (_("No page matches. Words typed without diacritics find every spelling; check the spelling of words typed with them.\n"));
      return;
    }
  for (guint i = 0; i < result->hits->len; i++)
    {
      const HosoSearchHit *hit = g_ptr_array_index (result->hits, i);
      g_autofree char *snippet = marked_snippet (hit, bold);

      if (current == NULL || strcmp (current, hit->dossier) != 0)
        {
          current = hit->dossier;
          g_print ("%s%s\n", i ? "\n" : "", hit->dossier);
        }
      /* TRANSLATORS: a hit: the file's path and the page number. */
      g_print (_("  %s, page %u\n"), hit->path, hit->page);
      g_print ("    %s\n", snippet);
    }
  if (result->total_capped)
    g_print (_("\nMore than %u pages match; the best %u are shown (add words or filters to narrow the search).\n"),
             result->total, result->hits->len);
  else if (result->total > result->hits->len)
    g_print (ngettext ("\n%u page matches; the best %u are shown (--limit N for more).\n",
                       "\n%u pages match; the best %u are shown (--limit N for more).\n",
                       result->total), result->total, result->hits->len);
  else
    g_print (ngettext ("\n%u page matches.\n", "\n%u pages match.\n", result->total),
             result->total);
}

int
hoso_cmd_search (HosoCli *cli, int argc, char **argv)
{
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HosoArchive) archive = NULL;
  g_autoptr(HosoCatalog) catalog = NULL;
  g_autoptr(HosoSearchResult) result = NULL;
  g_autofree char *query = NULL;
  int limit = DEFAULT_LIMIT;
  const GOptionEntry entries[] = {
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit,
      N_("Show at most N pages (default 20)"), N_("N") },
    G_OPTION_ENTRY_NULL
  };

  if (!hoso_cli_parse (cli, "search", entries, argc, argv, 1, -1, &args))
    return HOSO_EXIT_USAGE;
  if (limit < 1 || limit > MAX_LIMIT)
    return hoso_cli_usage_error (cli, "search",
                                 _("--limit must be between 1 and %d"), MAX_LIMIT);
  /* "hoso search mang cut" is one query, as if quoted. */
  query = g_strjoinv (" ", args);
  archive = hoso_cli_open_archive (cli, &error);
  if (archive)
    catalog = hoso_cli_open_catalog (cli, archive, &error);
  if (catalog)
    result = hoso_catalog_search (catalog, query, (guint) limit, &error);
  if (result == NULL)
    return hoso_cli_fail (cli, error, _("cannot search for “%s”"), query);
  if (cli->json)
    print_json (query, (guint) limit, result);
  else
    print_text (result);
  return HOSO_EXIT_OK;
}
