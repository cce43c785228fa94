from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from fundraising.webhooks import process_payload

MAX_PAYLOAD = 512 * 1024


@csrf_exempt  # Stripe cannot send a CSRF token; the signature check below is the authentication.
@require_POST
def stripe_webhook(request):
    if len(request.body) > MAX_PAYLOAD:
        return HttpResponse("payload too large", status=413, content_type="text/plain")
    result = process_payload(request.body, request.headers.get("Stripe-Signature", ""))
    return HttpResponse(result.outcome, status=result.status, content_type="text/plain")
