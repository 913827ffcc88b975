/*
 * govwatch.extract._fastdom: whole-page passes over a selectolax (Lexbor) tree in C.
 *
 * The extractor's selections (scripts and hidden copies, headings and CMS containers, structural
 * furniture) and its text measures (visible length, sentence punctuation) each cost a walk of the page;
 * Lexbor's selector engine tests every element against every selector of a list, and a text measure
 * builds a Python string only to count it.  Here one walk per selection tests each element once against
 * a small set of rules, and a measure counts the text nodes' UTF-8 bytes in place.
 *
 * The tree is selectolax's own: a node is reached from the address selectolax gives as ``mem_id``, and
 * the nodes found are returned as selectolax ``LexborNode`` objects made by selectolax's own constructor
 * (``LexborNode.new``, taken from the class's Cython vtable).  The few Lexbor structures read here are
 * declared below with the layout of the Lexbor release bundled with selectolax; ``govwatch.extract.fastdom``
 * uses this module only with the selectolax versions it names, and only after a self-check against
 * selectolax's own selections and texts on a sample page.  It never writes to the tree.
 */
#define PY_SSIZE_T_CLEAN
#define _GNU_SOURCE   /* memmem */
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* ---- Lexbor structures (read only; layout of the Lexbor bundled with selectolax 1.0.x) ---------- */

typedef struct { unsigned char *data; size_t length; } lxb_str;

typedef struct lxb_node lxb_node;
struct lxb_node {
    void *events;                      /* lxb_dom_event_target_t */
    uintptr_t local_name;              /* tag id (elements), attribute id (attributes) */
    uintptr_t prefix;
    uintptr_t ns;
    void *owner_document;
    lxb_node *next;
    lxb_node *prev;
    lxb_node *parent;
    lxb_node *first_child;
    lxb_node *last_child;
    void *user;
    int type;                          /* lxb_dom_node_type_t */
};

typedef struct lxb_attr lxb_attr;

typedef struct {
    lxb_node node;
    uintptr_t upper_name;
    uintptr_t qualified_name;
    lxb_str *is_value;
    lxb_attr *first_attr;
    lxb_attr *last_attr;
    lxb_attr *attr_id;
    lxb_attr *attr_class;
} lxb_element;

struct lxb_attr {
    lxb_node node;
    uintptr_t upper_name;
    uintptr_t qualified_name;
    lxb_str *value;
    lxb_element *owner;
    lxb_attr *next;
    lxb_attr *prev;
};

typedef struct { lxb_node node; lxb_str data; } lxb_chardata;   /* text and comment nodes */

/* a tag or attribute name outside Lexbor's static lists: its id is the address of its entry, which
   starts with this hash entry */
#define HASH_SHORT 16
typedef struct {
    union { unsigned char *long_str; unsigned char short_str[HASH_SHORT + 1]; } u;
    size_t length;
    void *next;
} lxb_hash_entry;

#define NODE_ELEMENT 1
#define NODE_TEXT 3

/* ---- selectolax's LexborNode constructor --------------------------------------------------------- */

typedef PyObject *(*node_new_fn)(lxb_node *, PyObject *);
static node_new_fn node_new = NULL;

/* ---- rules --------------------------------------------------------------------------------------- */

#define MAX_ITEMS 32
#define MAX_NEEDLE 32

typedef struct {
    size_t n;
    size_t len[MAX_ITEMS];
    unsigned char s[MAX_ITEMS][MAX_NEEDLE];   /* lower-case */
} needles;

typedef struct {
    unsigned char tags[256];      /* tag ids below 256 that match */
    uintptr_t custom_from;        /* tag and attribute ids from here on are names outside Lexbor's lists */
    needles tag_names;            /* tags outside Lexbor's list (``ucapcontent``) */
    int any_class;                /* [class] */
    int any_id;                   /* [id] */
    uintptr_t style_attr;         /* the id of ``style`` (0: no style rules) */
    needles attr_names;           /* [name] for names outside Lexbor's list (``hidden``) */
    needles class_tokens;         /* a whitespace-separated class token, ASCII case-insensitive */
    needles class_parts;          /* a substring of the class attribute, ASCII case-insensitive */
    needles id_parts;             /* a substring of the id, ASCII case-insensitive */
    needles id_values;            /* the whole id, ASCII case-insensitive */
    needles style_parts;          /* a substring of the style attribute, ASCII case-insensitive */
    needles decl_props;           /* a declaration "property: value" in the style attribute (ASCII */
    needles decl_values;          /*   case-insensitive, ASCII whitespace around the colon) */
} rules;

static inline unsigned char lower(unsigned char c) {
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

static int contains_ci(const lxb_str *value, const needles *nd) {
    if (value == NULL || value->data == NULL) return 0;
    const unsigned char *d = value->data;
    size_t n = value->length;
    for (size_t k = 0; k < nd->n; k++) {
        size_t m = nd->len[k];
        if (m == 0 || m > n) continue;
        const unsigned char *s = nd->s[k];
        unsigned char first = s[0];
        for (size_t i = 0; i + m <= n; i++) {
            if (lower(d[i]) != first) continue;
            size_t j = 1;
            while (j < m && lower(d[i + j]) == s[j]) j++;
            if (j == m) return 1;
        }
    }
    return 0;
}

static int equals_ci(const lxb_str *value, const needles *nd) {
    if (value == NULL || value->data == NULL) return 0;
    for (size_t k = 0; k < nd->n; k++) {
        if (nd->len[k] != value->length) continue;
        size_t j = 0;
        while (j < value->length && lower(value->data[j]) == nd->s[k][j]) j++;
        if (j == value->length) return 1;
    }
    return 0;
}

static inline int html_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int has_token_ci(const lxb_str *value, const needles *nd) {
    if (value == NULL || value->data == NULL) return 0;
    const unsigned char *d = value->data;
    size_t n = value->length, i = 0;
    while (i < n) {
        while (i < n && html_space(d[i])) i++;
        size_t start = i;
        while (i < n && !html_space(d[i])) i++;
        size_t len = i - start;
        for (size_t k = 0; k < nd->n; k++) {
            if (nd->len[k] != len) continue;
            size_t j = 0;
            while (j < len && lower(d[start + j]) == nd->s[k][j]) j++;
            if (j == len) return 1;
        }
    }
    return 0;
}

/* whether value holds "prop[ws]:[ws]value" for one pair of props and values */
static int has_decl_ci(const lxb_str *value, const needles *props, const needles *values) {
    if (value == NULL || value->data == NULL) return 0;
    const unsigned char *d = value->data;
    size_t n = value->length;
    for (size_t k = 0; k < props->n; k++) {
        size_t m = props->len[k], vm = values->len[k];
        for (size_t i = 0; i + m <= n; i++) {
            size_t j = 0;
            while (j < m && lower(d[i + j]) == props->s[k][j]) j++;
            if (j < m) continue;
            size_t p = i + m;
            while (p < n && html_space(d[p])) p++;
            if (p >= n || d[p] != ':') continue;
            p++;
            while (p < n && html_space(d[p])) p++;
            if (p + vm > n) continue;
            size_t v = 0;
            while (v < vm && lower(d[p + v]) == values->s[k][v]) v++;
            if (v == vm) return 1;
        }
    }
    return 0;
}

static int custom_name_is(uintptr_t id, const needles *nd) {
    const lxb_hash_entry *e = (const lxb_hash_entry *)id;
    const unsigned char *name = e->length <= HASH_SHORT ? e->u.short_str : e->u.long_str;
    for (size_t k = 0; k < nd->n; k++) {
        if (nd->len[k] == e->length && memcmp(name, nd->s[k], e->length) == 0) return 1;
    }
    return 0;
}

static int matches(const lxb_element *el, const rules *r) {
    uintptr_t tag = el->node.local_name;
    if (tag < 256 && r->tags[tag]) return 1;
    if (r->tag_names.n && tag >= r->custom_from && custom_name_is(tag, &r->tag_names)) return 1;
    if (r->any_class && el->attr_class != NULL) return 1;
    if (r->any_id && el->attr_id != NULL) return 1;
    if (el->attr_id != NULL && (r->id_parts.n || r->id_values.n)) {
        if (r->id_parts.n && contains_ci(el->attr_id->value, &r->id_parts)) return 1;
        if (r->id_values.n && equals_ci(el->attr_id->value, &r->id_values)) return 1;
    }
    if (el->attr_class != NULL) {
        if (r->class_tokens.n && has_token_ci(el->attr_class->value, &r->class_tokens)) return 1;
        if (r->class_parts.n && contains_ci(el->attr_class->value, &r->class_parts)) return 1;
    }
    if (r->style_parts.n || r->decl_props.n || r->attr_names.n) {
        for (const lxb_attr *a = el->first_attr; a != NULL; a = a->next) {
            uintptr_t id = a->node.local_name;
            if ((r->style_parts.n || r->decl_props.n) && id == r->style_attr) {
                if (r->style_parts.n && contains_ci(a->value, &r->style_parts)) return 1;
                if (r->decl_props.n && has_decl_ci(a->value, &r->decl_props, &r->decl_values)) return 1;
            } else if (r->attr_names.n && id >= r->custom_from && custom_name_is(id, &r->attr_names)) {
                return 1;
            }
        }
    }
    return 0;
}

/* ---- argument helpers ---------------------------------------------------------------------------- */

static lxb_node *node_of(PyObject *node) {
    PyObject *mem = PyObject_GetAttrString(node, "mem_id");
    if (mem == NULL) return NULL;
    void *p = PyLong_AsVoidPtr(mem);
    Py_DECREF(mem);
    if (p == NULL && !PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "node has no address");
    return (lxb_node *)p;
}

static int read_needles(PyObject *seq, needles *nd, const char *what) {
    PyObject *fast = PySequence_Fast(seq, what);
    if (fast == NULL) return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
    if (n > MAX_ITEMS) {
        Py_DECREF(fast);
        PyErr_Format(PyExc_ValueError, "%s: at most %d items", what, MAX_ITEMS);
        return -1;
    }
    nd->n = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        char *s;
        Py_ssize_t len;
        if (PyBytes_AsStringAndSize(PySequence_Fast_GET_ITEM(fast, i), &s, &len) < 0) {
            Py_DECREF(fast);
            return -1;
        }
        if (len <= 0 || len > MAX_NEEDLE) {
            Py_DECREF(fast);
            PyErr_Format(PyExc_ValueError, "%s: items of 1 to %d bytes", what, MAX_NEEDLE);
            return -1;
        }
        for (Py_ssize_t j = 0; j < len; j++) nd->s[nd->n][j] = lower((unsigned char)s[j]);
        nd->len[nd->n++] = (size_t)len;
    }
    Py_DECREF(fast);
    return 0;
}

/* rules from the tuple (tag_ids, custom_from, tag_names, any_class, any_id, style_attr, attr_names,
   class_tokens, class_parts, style_parts, decl_props, decl_values, id_parts, id_values) */
static int read_rules(PyObject *spec, rules *r) {
    memset(r, 0, sizeof(*r));
    PyObject *tag_ids, *tag_names, *attr_names, *class_tokens, *class_parts, *style_parts, *decl_props,
        *decl_values, *id_parts, *id_values;
    unsigned long long custom_from, style_attr;
    int any_class, any_id;
    if (!PyArg_ParseTuple(spec, "OKOppKOOOOOOOO", &tag_ids, &custom_from, &tag_names, &any_class, &any_id,
                          &style_attr, &attr_names, &class_tokens, &class_parts, &style_parts, &decl_props,
                          &decl_values, &id_parts, &id_values)) {
        return -1;
    }
    PyObject *fast = PySequence_Fast(tag_ids, "tag ids");
    if (fast == NULL) return -1;
    for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(fast); i++) {
        long id = PyLong_AsLong(PySequence_Fast_GET_ITEM(fast, i));
        if (id < 0 || id > 255) {
            Py_DECREF(fast);
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "tag ids are 0 to 255");
            return -1;
        }
        r->tags[id] = 1;
    }
    Py_DECREF(fast);
    r->custom_from = (uintptr_t)custom_from;
    r->any_class = any_class;
    r->any_id = any_id;
    r->style_attr = (uintptr_t)style_attr;
    if (read_needles(tag_names, &r->tag_names, "tag names") < 0) return -1;
    if (read_needles(attr_names, &r->attr_names, "attribute names") < 0) return -1;
    if (read_needles(class_tokens, &r->class_tokens, "class tokens") < 0) return -1;
    if (read_needles(class_parts, &r->class_parts, "class parts") < 0) return -1;
    if (read_needles(style_parts, &r->style_parts, "style parts") < 0) return -1;
    if (read_needles(decl_props, &r->decl_props, "declared properties") < 0) return -1;
    if (read_needles(decl_values, &r->decl_values, "declared values") < 0) return -1;
    if (read_needles(id_parts, &r->id_parts, "id parts") < 0) return -1;
    if (read_needles(id_values, &r->id_values, "ids") < 0) return -1;
    if (r->decl_props.n != r->decl_values.n) {
        PyErr_SetString(PyExc_ValueError, "a value for each declared property");
        return -1;
    }
    if (((r->style_parts.n || r->decl_props.n) && !r->style_attr)
        || ((r->attr_names.n || r->tag_names.n) && !r->custom_from)) {
        PyErr_SetString(PyExc_ValueError, "style rules need the style id, names the first custom id");
        return -1;
    }
    return 0;
}

/* ---- select -------------------------------------------------------------------------------------- */

static PyObject *fd_select(PyObject *self, PyObject *args) {
    PyObject *root_obj, *spec;
    int with_ends = 0;
    if (!PyArg_ParseTuple(args, "OO|p", &root_obj, &spec, &with_ends)) return NULL;
    rules r;
    if (read_rules(spec, &r) < 0) return NULL;
    lxb_node *root = node_of(root_obj);
    if (root == NULL) return NULL;
    PyObject *parser = PyObject_GetAttrString(root_obj, "parser");
    if (parser == NULL) return NULL;
    PyObject *out = PyList_New(0);
    PyObject *ends = with_ends ? PyList_New(0) : NULL;
    /* the selected elements whose subtree the walk is in (their end is set when it leaves it) */
    size_t depth = 0, cap = 64;
    lxb_node **open_nodes = with_ends ? PyMem_Malloc(cap * sizeof(lxb_node *)) : NULL;
    Py_ssize_t *open_index = with_ends ? PyMem_Malloc(cap * sizeof(Py_ssize_t)) : NULL;
    if (out == NULL || (with_ends && (ends == NULL || open_nodes == NULL || open_index == NULL))) {
        if (with_ends && (open_nodes == NULL || open_index == NULL)) PyErr_NoMemory();
        goto fail;
    }
    /* root and its descendants in document order (selectolax's css tests root itself too) */
    lxb_node *node = root;
    while (node != NULL) {
        if (node->type == NODE_ELEMENT && matches((const lxb_element *)node, &r)) {
            PyObject *item = node_new(node, parser);
            if (item == NULL || PyList_Append(out, item) < 0) {
                Py_XDECREF(item);
                goto fail;
            }
            Py_DECREF(item);
            if (with_ends) {
                if (PyList_Append(ends, Py_None) < 0) goto fail;
                if (depth == cap) {
                    cap *= 2;
                    lxb_node **n2 = PyMem_Realloc(open_nodes, cap * sizeof(lxb_node *));
                    if (n2 == NULL) { PyErr_NoMemory(); goto fail; }
                    open_nodes = n2;
                    Py_ssize_t *i2 = PyMem_Realloc(open_index, cap * sizeof(Py_ssize_t));
                    if (i2 == NULL) { PyErr_NoMemory(); goto fail; }
                    open_index = i2;
                }
                open_nodes[depth] = node;
                open_index[depth++] = PyList_GET_SIZE(out) - 1;
            }
        }
        if (node->first_child != NULL) {
            node = node->first_child;
            continue;
        }
        /* node's subtree is done: close it (and each ancestor whose subtree ends with it) */
        for (;;) {
            if (depth > 0 && open_nodes[depth - 1] == node) {
                PyObject *end = PyLong_FromSsize_t(PyList_GET_SIZE(out));
                if (end == NULL) goto fail;
                PyList_SetItem(ends, open_index[--depth], end);   /* (steals the reference) */
            }
            if (node == root) { node = NULL; break; }
            if (node->next != NULL) { node = node->next; break; }
            node = node->parent;
            if (node == NULL) break;
        }
    }
    Py_DECREF(parser);
    PyMem_Free(open_nodes);
    PyMem_Free(open_index);
    if (!with_ends) return out;
    return Py_BuildValue("(NN)", out, ends);
fail:
    Py_DECREF(parser);
    Py_XDECREF(out);
    Py_XDECREF(ends);
    PyMem_Free(open_nodes);
    PyMem_Free(open_index);
    return NULL;
}

/* ---- measure ------------------------------------------------------------------------------------- */

static const unsigned char ASCII_SPACE[128] = {[' '] = 1, ['\n'] = 1, ['\t'] = 1, ['\r'] = 1, ['\f'] = 1};

/* visible length (code points less ASCII spaces, tabs, line breaks and form feeds) and sentence marks
   (，。、 and the ASCII comma) of one text node; 0, or -1 for bytes that are not UTF-8 (selectolax
   decodes those with replacement characters: the caller leaves such a text to it) */
static int count_text(const lxb_str *s, long long *len, long long *marks) {
    const unsigned char *d = s->data;
    size_t n = s->length, i = 0;
    if (d == NULL) return 0;
    long long l = 0, m = 0;
    while (i < n) {
        unsigned char c = d[i];
        if (c < 0x80) {   /* (no branch on the byte: prose interleaves spaces and letters) */
            l += 1 - ASCII_SPACE[c];
            m += c == ',';
            i++;
            continue;
        }
        size_t need;
        unsigned char lo = 0x80, hi = 0xBF;   /* the range of the first continuation byte */
        if (c >= 0xC2 && c <= 0xDF) need = 1;
        else if (c == 0xE0) { need = 2; lo = 0xA0; }
        else if (c == 0xED) { need = 2; hi = 0x9F; }
        else if (c >= 0xE1 && c <= 0xEF) need = 2;
        else if (c == 0xF0) { need = 3; lo = 0x90; }
        else if (c == 0xF4) { need = 3; hi = 0x8F; }
        else if (c >= 0xF1 && c <= 0xF3) need = 3;
        else return -1;
        if (i + need >= n) return -1;   /* cut short */
        if (d[i + 1] < lo || d[i + 1] > hi) return -1;
        for (size_t k = 2; k <= need; k++) {
            if ((d[i + k] & 0xC0) != 0x80) return -1;
        }
        if (need == 2 && ((c == 0xEF && d[i + 1] == 0xBC && d[i + 2] == 0x8C)
                          || (c == 0xE3 && d[i + 1] == 0x80 && (d[i + 2] == 0x82 || d[i + 2] == 0x81)))) {
            m++;
        }
        l++;
        i += need + 1;
    }
    *len += l;
    *marks += m;
    return 0;
}

/* add the measures of root's text to len and marks: all of it (link_tag 0), or only the text inside the
   elements with tag id link_tag (links), root included, once per such element around it (as the links'
   own measures added up count a text inside two links); -1 for text that is not UTF-8 */
static int measure_into(lxb_node *root, uintptr_t link_tag, long long *len, long long *marks) {
    if (root->type == NODE_TEXT) return link_tag ? 0 : count_text(&((lxb_chardata *)root)->data, len, marks);
    long long weight = link_tag ? (root->type == NODE_ELEMENT && root->local_name == link_tag) : 1;
    lxb_node *node = root->first_child;
    while (node != NULL) {
        if (node->type == NODE_TEXT && weight > 0) {
            long long l = 0, m = 0;
            if (count_text(&((lxb_chardata *)node)->data, &l, &m) < 0) return -1;
            *len += weight * l;
            *marks += weight * m;
        }
        if (node->first_child != NULL) {
            if (link_tag && node->type == NODE_ELEMENT && node->local_name == link_tag) weight++;
            node = node->first_child;
            continue;
        }
        /* leaving node and each ancestor whose subtree ends with it */
        while (node != root && node->next == NULL) {
            node = node->parent;
            if (link_tag && node != root && node->type == NODE_ELEMENT && node->local_name == link_tag) {
                weight--;
            }
        }
        if (node == root || node == NULL) break;
        node = node->next;
    }
    return 0;
}

static PyObject *fd_measure(PyObject *self, PyObject *arg) {
    lxb_node *root = node_of(arg);
    if (root == NULL) return NULL;
    long long len = 0, marks = 0;
    if (measure_into(root, 0, &len, &marks) < 0) Py_RETURN_NONE;
    return Py_BuildValue("LL", len, marks);
}

/* the measures of the text inside links (elements with tag id link_tag) under root, root included */
static PyObject *fd_measure_links(PyObject *self, PyObject *args) {
    PyObject *root_obj;
    unsigned long long link_tag;
    if (!PyArg_ParseTuple(args, "OK", &root_obj, &link_tag)) return NULL;
    lxb_node *root = node_of(root_obj);
    if (root == NULL) return NULL;
    if (link_tag == 0) {
        PyErr_SetString(PyExc_ValueError, "the links' tag id is not 0");
        return NULL;
    }
    long long len = 0, marks = 0;
    if (root->type == NODE_TEXT || measure_into(root, (uintptr_t)link_tag, &len, &marks) < 0) Py_RETURN_NONE;
    return Py_BuildValue("LL", len, marks);
}

/* the measures of several nodes added up (hidden elements: none inside another) */
static PyObject *fd_measure_sum(PyObject *self, PyObject *arg) {
    PyObject *fast = PySequence_Fast(arg, "nodes");
    if (fast == NULL) return NULL;
    long long len = 0, marks = 0;
    for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(fast); i++) {
        lxb_node *node = node_of(PySequence_Fast_GET_ITEM(fast, i));
        if (node == NULL) {
            Py_DECREF(fast);
            return NULL;
        }
        if (measure_into(node, 0, &len, &marks) < 0) {
            Py_DECREF(fast);
            Py_RETURN_NONE;
        }
    }
    Py_DECREF(fast);
    return Py_BuildValue("LL", len, marks);
}

/* ---- style sheets out of the page's head before the parse -------------------------------------- */

static int ci_prefix(const unsigned char *p, const unsigned char *end, const char *word) {
    size_t n = strlen(word);
    if ((size_t)(end - p) < n) return 0;
    for (size_t i = 0; i < n; i++) {
        if (lower(p[i]) != (unsigned char)word[i]) return 0;
    }
    return 1;
}

static int tag_name_end(const unsigned char *p, const unsigned char *end) {
    return p >= end || html_space(*p) || *p == '/' || *p == '>';
}

/* the tag name at p (after '<' or '</') is word, as a whole name */
static int is_name(const unsigned char *p, const unsigned char *end, const char *word) {
    return ci_prefix(p, end, word) && tag_name_end(p + strlen(word), end);
}

/* the '>' that ends the tag whose name starts at p, quoted attribute values skipped; NULL if none */
static const unsigned char *tag_end(const unsigned char *p, const unsigned char *end) {
    while (p < end) {
        unsigned char c = *p;
        if (c == '>') return p;
        if (c == '"' || c == '\'') {
            const unsigned char *q = memchr(p + 1, c, (size_t)(end - p - 1));
            if (q == NULL) return NULL;
            p = q + 1;
        } else {
            p++;
        }
    }
    return NULL;
}

/* the '<' of the first "</" at or after p, and whether it closes element word; NULL if no "</" */
static const unsigned char *first_end_tag(const unsigned char *p, const unsigned char *end) {
    while (p < end) {
        const unsigned char *lt = memchr(p, '<', (size_t)(end - p));
        if (lt == NULL || lt + 1 >= end) return NULL;
        if (lt[1] == '/') return lt;
        p = lt + 1;
    }
    return NULL;
}

static const char *const HEAD_TAGS[] = {"html", "head", "meta", "link", "base", "title", "noscript", NULL};

/* The page without the <style> elements of its head (saved pages inline every style sheet there, most
   of their bytes): the HTML tokenizer's reading of the head, as far as it matters here. Comments,
   doctype and processing instructions are stepped over to their '>', tags to their '>' with quoted
   values skipped, and the text of <script> and <title> to their end tag. A <style> element is cut
   when the first "</" in it starts its end tag (a style sheet holds no "</"): otherwise the scan stops
   and keeps the rest. The scan ends at the first tag outside the head (body content); style sheets
   after it stay (the extraction removes them from the tree in any case), as do sheets that are a small
   part of the page (the copy would cost more than their parse). */
static PyObject *fd_cut_head_styles(PyObject *self, PyObject *arg) {
    char *buf;
    Py_ssize_t size;
    if (PyBytes_AsStringAndSize(arg, &buf, &size) < 0) return NULL;
    const unsigned char *start = (const unsigned char *)buf, *end = start + size, *p = start;
    /* the style elements to cut, as offsets [from, to) */
    size_t n_cuts = 0, cap = 0, cut_bytes = 0;
    Py_ssize_t *cuts = NULL;
    while (p < end) {
        const unsigned char *lt = memchr(p, '<', (size_t)(end - p));
        if (lt == NULL) break;
        const unsigned char *q = lt + 1;
        if (q < end && *q == '!' && ci_prefix(q + 1, end, "--")) {          /* comment */
            const unsigned char *c = q + 3;
            if (c < end && *c == '>') { p = c + 1; continue; }               /* <!--> */
            if (c + 1 < end && c[0] == '-' && c[1] == '>') { p = c + 2; continue; }   /* <!---> */
            const unsigned char *close = memmem(c, (size_t)(end - c), "-->", 3);
            if (close == NULL) break;
            p = close + 3;
            continue;
        }
        if (q < end && (*q == '!' || *q == '?')) {                           /* doctype, bogus comment */
            const unsigned char *gt = memchr(q, '>', (size_t)(end - q));
            if (gt == NULL) break;
            p = gt + 1;
            continue;
        }
        if (q < end && *q == '/') {                                          /* end tag */
            const unsigned char *gt = tag_end(q + 1, end);
            if (gt == NULL) break;
            p = gt + 1;
            continue;
        }
        if (q >= end || !((*q | 0x20) >= 'a' && (*q | 0x20) <= 'z')) {   /* a '<' of text */
            p = q;
            continue;
        }
        const unsigned char *gt = tag_end(q, end);
        if (gt == NULL) break;
        int style = is_name(q, end, "style");
        if (style || is_name(q, end, "script") || is_name(q, end, "title")) {
            const char *name = style ? "style" : (is_name(q, end, "script") ? "script" : "title");
            const unsigned char *close = NULL;
            if (style) {
                const unsigned char *et = first_end_tag(gt + 1, end);
                if (et == NULL || !is_name(et + 2, end, "style")) break;    /* not a plain style sheet */
                close = et;
            } else {                                                         /* script or title text */
                for (const unsigned char *x = gt + 1; x < end; ) {
                    const unsigned char *et = first_end_tag(x, end);
                    if (et == NULL) break;
                    if (is_name(et + 2, end, name)) { close = et; break; }
                    x = et + 2;
                }
                if (close == NULL) break;
            }
            const unsigned char *close_gt = tag_end(close + 2, end);
            if (close_gt == NULL) break;
            if (style) {
                /* the bytes around the cut must not join into markup: "<" + "a" is a tag, "&" + "amp;" a
                   character reference, where the style element kept them apart */
                if (lt > start && (lt[-1] == '<' || lt[-1] == '&')) break;
                if (n_cuts == cap) {
                    cap = cap ? cap * 2 : 16;
                    Py_ssize_t *more = PyMem_Realloc(cuts, 2 * cap * sizeof(Py_ssize_t));
                    if (more == NULL) {
                        PyMem_Free(cuts);
                        return PyErr_NoMemory();
                    }
                    cuts = more;
                }
                cuts[2 * n_cuts] = lt - start;
                cuts[2 * n_cuts + 1] = close_gt + 1 - start;
                n_cuts++;
                cut_bytes += (size_t)(close_gt + 1 - lt);
            }
            p = close_gt + 1;
            continue;
        }
        int head = 0;
        for (const char *const *t = HEAD_TAGS; *t != NULL; t++) {
            if (is_name(q, end, *t)) { head = 1; break; }
        }
        if (!head) break;                                                    /* the body begins */
        p = gt + 1;
    }
    /* a copy of the page costs about a twentieth of parsing the same bytes of style sheet: cut when the
       sheets are more than a sixteenth of the page (saved pages: nine tenths) */
    if (n_cuts == 0 || cut_bytes * 16 < (size_t)size) {
        PyMem_Free(cuts);
        Py_INCREF(arg);
        return arg;
    }
    PyObject *out = PyBytes_FromStringAndSize(NULL, size - (Py_ssize_t)cut_bytes);
    if (out != NULL) {
        char *dst = PyBytes_AS_STRING(out);
        Py_ssize_t from = 0;
        for (size_t k = 0; k < n_cuts; k++) {
            memcpy(dst, buf + from, (size_t)(cuts[2 * k] - from));
            dst += cuts[2 * k] - from;
            from = cuts[2 * k + 1];
        }
        memcpy(dst, buf + from, (size_t)(size - from));
    }
    PyMem_Free(cuts);
    return out;
}

/* whether data holds one of the needles (glibc's memmem: the marker comments of a Hanweb/TRS body) */
static PyObject *fd_contains_any(PyObject *self, PyObject *args) {
    Py_buffer data;
    PyObject *needles;
    if (!PyArg_ParseTuple(args, "y*O", &data, &needles)) return NULL;
    PyObject *fast = PySequence_Fast(needles, "needles");
    if (fast == NULL) {
        PyBuffer_Release(&data);
        return NULL;
    }
    int found = 0;
    for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(fast) && !found; i++) {
        char *s;
        Py_ssize_t n;
        if (PyBytes_AsStringAndSize(PySequence_Fast_GET_ITEM(fast, i), &s, &n) < 0) {
            Py_DECREF(fast);
            PyBuffer_Release(&data);
            return NULL;
        }
        found = n > 0 && memmem(data.buf, (size_t)data.len, s, (size_t)n) != NULL;
    }
    Py_DECREF(fast);
    PyBuffer_Release(&data);
    return PyBool_FromLong(found);
}

/* ---- calibration ---------------------------------------------------------------------------------- */

/* (node type, tag id, [(attribute id, value bytes)]) of one node: what the Python side checks against
   selectolax before it uses this module */
static PyObject *fd_describe(PyObject *self, PyObject *arg) {
    lxb_node *node = node_of(arg);
    if (node == NULL) return NULL;
    PyObject *attrs = PyList_New(0);
    if (attrs == NULL) return NULL;
    if (node->type == NODE_ELEMENT) {
        for (const lxb_attr *a = ((lxb_element *)node)->first_attr; a != NULL; a = a->next) {
            const lxb_str *v = a->value;
            PyObject *item = Py_BuildValue("(Ky#)", (unsigned long long)a->node.local_name,
                                           v && v->data ? (const char *)v->data : "",
                                           (Py_ssize_t)(v && v->data ? v->length : 0));
            if (item == NULL || PyList_Append(attrs, item) < 0) {
                Py_XDECREF(item);
                Py_DECREF(attrs);
                return NULL;
            }
            Py_DECREF(item);
        }
    }
    return Py_BuildValue("(iKN)", node->type, (unsigned long long)node->local_name, attrs);
}

static PyMethodDef methods[] = {
    {"select", fd_select, METH_VARARGS,
     "select(root, spec, with_ends=False) -> the elements under root matching the rules of spec, in document "
     "order; with_ends: and for each, the index of the first one after its subtree"},
    {"measure", fd_measure, METH_O,
     "measure(node) -> (visible length, sentence marks) of the text under node; None if it is not UTF-8"},
    {"measure_links", fd_measure_links, METH_VARARGS,
     "measure_links(root, link_tag_id) -> the measures of the text inside links under root; None if a text "
     "is not UTF-8"},
    {"measure_sum", fd_measure_sum, METH_O,
     "measure_sum(nodes) -> the measures of the nodes added up; None if a text is not UTF-8"},
    {"cut_head_styles", fd_cut_head_styles, METH_O,
     "cut_head_styles(data) -> the page's bytes without the <style> elements of its head"},
    {"contains_any", fd_contains_any, METH_VARARGS,
     "contains_any(data, needles) -> whether data holds one of the needles"},
    {"describe", fd_describe, METH_O,
     "describe(node) -> (node type, tag id, [(attribute id, value)])"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_fastdom", "Whole-page passes over a selectolax tree in C.", -1, methods,
};

PyMODINIT_FUNC PyInit__fastdom(void) {
    PyObject *lexbor = PyImport_ImportModule("selectolax.lexbor");
    if (lexbor == NULL) return NULL;
    PyObject *cls = PyObject_GetAttrString(lexbor, "LexborNode");
    Py_DECREF(lexbor);
    if (cls == NULL) return NULL;
    PyObject *capsule = PyObject_GetAttrString(cls, "__pyx_vtable__");
    Py_DECREF(cls);
    if (capsule == NULL) return NULL;
    void **vtable = (void **)PyCapsule_GetPointer(capsule, NULL);
    Py_DECREF(capsule);
    if (vtable == NULL) return NULL;
    node_new = (node_new_fn)vtable[0];   /* LexborNode.new, the first method of the class */
    if (node_new == NULL) {
        PyErr_SetString(PyExc_ImportError, "selectolax's LexborNode.new was not found");
        return NULL;
    }
    return PyModule_Create(&module);
}
