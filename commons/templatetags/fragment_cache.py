"""`{% cache_fragment "name" value … %}…{% endcache_fragment %}`: the enclosed HTML from the shared cache, keyed by
the name, the values, the language, the host and the public-content generation (commons/fragment_cache.py).

Values that are callables are called lazily by the template as usual; put into the key only what the fragment
shows and that the generation does not cover (e.g. the stock left of a reward). The context the fragment needs
should be lazy too (django.utils.functional.SimpleLazyObject), so that a hit costs no query.
"""

from django import template
from django.utils.safestring import mark_safe

from commons import fragment_cache

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, values):
        self.nodelist = nodelist
        self.name = name
        self.values = values

    def render(self, context):
        request = context.get("request")
        if not fragment_cache.usable(request, context):
            return self.nodelist.render(context)
        name = self.name.resolve(context)
        key = fragment_cache.key(request, name, [value.resolve(context) for value in self.values])
        generation, html = fragment_cache.read(key, request)
        if html is not None:
            return mark_safe(html)  # noqa: S308 - HTML this template rendered (and escaped) before
        html = self.nodelist.render(context)
        fragment_cache.write(key, generation, html)
        return html


@register.tag("cache_fragment")
def do_cache_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' needs a name")
    nodelist = parser.parse(("endcache_fragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]])
