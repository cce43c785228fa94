from django.http import Http404, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from directory.models import BusinessPage


@require_GET
@cache_control(public=True, max_age=60 * 60 * 24)
def share_image_view(request, pk):
    """The generated Open Graph/Twitter image of a published business (drafts and private pages: 404)."""
    page = BusinessPage.objects.live().public().filter(pk=pk).select_related("district").first()
    if page is None:
        raise Http404
    from directory.images import share_image  # reason: Pillow's drawing code only where an image is drawn

    return HttpResponse(share_image(page), content_type="image/png")
