"""Editors manage featured campaigns and can hide owners' updates in the Wagtail admin."""

from django.urls import reverse

from fundraising.outreach.models import CampaignUpdate, FeaturedCampaign


def test_editor_adds_featured_campaign_once(client, editor, campaign_a):
    client.force_login(editor)
    assert client.get(reverse("featuredcampaign:index")).status_code == 200
    add = reverse("featuredcampaign:add")
    assert client.get(add).status_code == 200
    response = client.post(add, {"campaign": campaign_a.pk})
    assert response.status_code == 302
    assert FeaturedCampaign.objects.filter(campaign=campaign_a).count() == 1
    again = client.post(add, {"campaign": campaign_a.pk})
    assert again.status_code == 200  # form error, no second row
    assert FeaturedCampaign.objects.count() == 1


def test_featured_campaign_rejects_non_campaign_pages(client, editor, campaign_a):
    client.force_login(editor)
    business = campaign_a.get_parent()
    response = client.post(reverse("featuredcampaign:add"), {"campaign": business.pk})
    assert response.status_code == 200 and FeaturedCampaign.objects.count() == 0
    response = client.post(reverse("featuredcampaign:add"), {"campaign": "<script>"})
    assert response.status_code == 200 and FeaturedCampaign.objects.count() == 0


def test_editor_hides_update_but_cannot_create_one(client, editor, campaign_a):
    update = CampaignUpdate.objects.create(campaign=campaign_a, text="Unpassend")
    client.force_login(editor)
    assert client.get(reverse("campaignupdate:index")).status_code == 200
    assert client.get(reverse("campaignupdate:add")).status_code in (302, 403)
    response = client.post(reverse("campaignupdate:edit", args=[update.pk]), {"text": "Unpassend", "hidden": "on"})
    assert response.status_code == 302
    assert CampaignUpdate.objects.get(pk=update.pk).hidden is True
    client.logout()
    assert "Unpassend" not in client.get(campaign_a.url).content.decode()


def test_owner_has_no_access_to_outreach_admin(client, owner_a):
    client.force_login(owner_a)
    response = client.get(reverse("featuredcampaign:index"))
    assert response.status_code == 302 and "/admin/" not in response["Location"].split("?")[0][-7:]
