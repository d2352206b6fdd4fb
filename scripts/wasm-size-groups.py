#!/usr/bin/env python3
"""Groups a wasm's function bodies and data segments by crate/module (from the name
section) and estimates each group's gzip share: raw bytes, gzip -9 of the group's bytes
concatenated (alone), and that scaled so the groups add up to the gzip of the stripped
module (passed as the second argument)."""
import re, sys, zlib, gzip, collections

def leb(b, i):
    r = s = 0
    while True:
        x = b[i]; i += 1
        r |= (x & 0x7f) << s; s += 7
        if x < 0x80: return r, i

def parse(path):
    b = open(path, 'rb').read()
    assert b[:4] == b'\0asm'
    i = 8
    secs = []
    while i < len(b):
        sid = b[i]; i += 1
        size, i = leb(b, i)
        secs.append((sid, b[i:i+size]))
        i += size
    n_imported = 0
    bodies = []
    names = {}
    datas = []
    dnames = {}
    for sid, s in secs:
        if sid == 2:  # imports
            n, j = leb(s, 0)
            for _ in range(n):
                l, j = leb(s, j); j += l
                l, j = leb(s, j); j += l
                kind = s[j]; j += 1
                if kind == 0:
                    _, j = leb(s, j); n_imported += 1
                elif kind == 1:
                    j += 1; fl, j = leb(s, j); _, j = leb(s, j)
                    if fl & 1: _, j = leb(s, j)
                elif kind == 2:
                    fl, j = leb(s, j); _, j = leb(s, j)
                    if fl & 1: _, j = leb(s, j)
                elif kind == 3:
                    j += 2
                else:
                    raise Exception(kind)
        elif sid == 10:
            n, j = leb(s, 0)
            for k in range(n):
                l, j = leb(s, j)
                bodies.append(s[j:j+l]); j += l
        elif sid == 11:
            n, j = leb(s, 0)
            for k in range(n):
                fl, j = leb(s, j)
                if fl == 0:
                    # const expr until 0x0b
                    while s[j] != 0x0b: j += 1
                    j += 1
                elif fl == 2:
                    _, j = leb(s, j)
                    while s[j] != 0x0b: j += 1
                    j += 1
                l, j = leb(s, j)
                datas.append(s[j:j+l]); j += l
        elif sid == 0:
            l, j = leb(s, 0)
            nm = s[j:j+l].decode(); j += l
            if nm != 'name': continue
            while j < len(s):
                sub = s[j]; j += 1
                sz, j = leb(s, j)
                end = j + sz
                if sub == 1:
                    n, k = leb(s, j)
                    for _ in range(n):
                        idx, k = leb(s, k)
                        l, k = leb(s, k)
                        names[idx] = s[k:k+l].decode('utf-8', 'replace'); k += l
                elif sub == 9:
                    n, k = leb(s, j)
                    for _ in range(n):
                        idx, k = leb(s, k)
                        l, k = leb(s, k)
                        dnames[idx] = s[k:k+l].decode('utf-8', 'replace'); k += l
                j = end
    return n_imported, bodies, names, datas, dnames

RULES = [
    # (group, regex) first match wins
    ('serde derive: API types (frontend::api Deserialize/Serialize impls)', r'(Deserialize|Serialize|Visitor) for frontend::api|frontend::api::_::<impl serde|frontend::api::[A-Za-z_]+ as serde'),
    ('serde_json (generic, incl. instances for app types)', r'serde_json'),
    ('serde core / other Deserialize impls', r'serde_core|serde::|Deserialize|Serialize|serde_derive'),
    ('app: API client (fetch layer, generated fns)', r'frontend::api|gloo_net|gloo_utils'),
    ('leptos_router', r'leptos_router'),
    ('app: page search', r'frontend::pages::search'),
    ('app: page service (card)', r'frontend::pages::service'),
    ('app: page organisation', r'frontend::pages::organisation'),
    ('app: page compare', r'frontend::pages::compare'),
    ('app: page home', r'frontend::pages::home'),
    ('app: page spaces', r'frontend::pages::spaces'),
    ('app: page privacy', r'frontend::pages::privacy'),
    ('app: page not_found', r'frontend::pages::not_found'),
    ('app: pages (shared: PageTitle etc.)', r'frontend::pages'),
    ('app: combobox', r'frontend::components::combobox'),
    ('app: filters + search_state', r'frontend::components::(filters|search_state)'),
    ('app: result_card + highlight + price', r'frontend::components::(result_card|highlight|price)'),
    ('app: layout (header, bell, account menu, footer)', r'frontend::components::layout'),
    ('app: other components (fetch, compare, roles...)', r'frontend::components'),
    ('app: i18n (t/common table code)', r'frontend::i18n'),
    ('app: session', r'frontend::session'),
    ('app: apps.rs (PublicApp, Shell, routes)', r'frontend::apps|frontend::hydrat|frontend::typed'),
    ('app: other frontend::', r'frontend::|frontend\['),
    ('reactive_graph (signals, effects, resources)', r'reactive_graph|ArcAsyncDerived|AsyncDerived'),
    ('hydration_context / leptos_server', r'hydration_context|leptos_server'),
    ('tachys (DOM rendering/hydration)', r'tachys'),
    ('leptos / leptos_dom', r'leptos'),
    ('url / idna / icu', r'\burl::|idna|icu_|form_urlencoded|percent_encoding'),
    ('wasm-bindgen / js-sys / web-sys / futures glue', r'wasm_bindgen|js_sys|web_sys|futures|send_wrapper|any_spawner|console_error_panic_hook'),
    ('std: fmt / panic', r'core::fmt|core::panic|std::panic|rust_begin_unwind|panicking|<&T as core::fmt|Display|Debug'),
    ('std: alloc / collections / dlmalloc', r'dlmalloc|alloc::|hashbrown|__rust_|memcpy|memset|memmove|memcmp|compiler_builtins'),
    ('std / core other', r'core::|std::'),
]

def group(name):
    for g, rx in RULES:
        if re.search(rx, name):
            return g
    return 'unnamed / other'

def main():
    named, total_gz = sys.argv[1], int(sys.argv[2])
    n_imp, bodies, names, datas, dnames = parse(named)
    raw = collections.Counter()
    blobs = collections.defaultdict(list)
    top = collections.defaultdict(list)
    for k, body in enumerate(bodies):
        nm = names.get(n_imp + k, f'func[{n_imp + k}]')
        g = group(nm)
        raw[g] += len(body)
        blobs[g].append(body)
        top[g].append((len(body), nm))
    for k, d in enumerate(datas):
        g = 'data segments (strings, tables)'
        raw[g] += len(d)
        blobs[g].append(d)
    gz = {g: len(gzip.compress(b''.join(v), 9)) for g, v in blobs.items()}
    s = sum(gz.values())
    print(f'{"group":60} {"raw":>9} {"gz alone":>9} {"gz share":>9} {"%":>6}')
    for g, _ in sorted(gz.items(), key=lambda x: -x[1]):
        share = gz[g] * total_gz / s
        print(f'{g:60} {raw[g]:9} {gz[g]:9} {share:9.0f} {100*share/total_gz:5.1f}%')
    print(f'{"total":60} {sum(raw.values()):9} {s:9} {total_gz:9}')
    if len(sys.argv) > 3:
        for g in sys.argv[3:]:
            print('\n##', g)
            for sz, nm in sorted(top[g], reverse=True)[:25]:
                print(f'{sz:7} {nm[:170]}')

main()
