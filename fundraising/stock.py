"""Reward stock: claimed when a pledge is created (one conditional UPDATE), released when it expires or fails."""

from django.db.models import F

from fundraising.models import Pledge, RewardStock


def claim(reward):
    """True when one unit of `reward` was claimed (or it has no limit)."""
    if reward.quantity_limit is None:
        return True
    RewardStock.objects.get_or_create(reward=reward)
    updated = RewardStock.objects.filter(reward=reward, claimed__lt=reward.quantity_limit).update(
        claimed=F("claimed") + 1
    )
    return updated == 1


def release(pledge):
    """Give back the unit a pledge held, exactly once (the reward_reserved flag flips with a conditional UPDATE)."""
    if not pledge.reward_id:
        return False
    if Pledge.objects.filter(pk=pledge.pk, reward_reserved=True).update(reward_reserved=False) != 1:
        return False
    RewardStock.objects.filter(reward_id=pledge.reward_id, claimed__gt=0).update(claimed=F("claimed") - 1)
    pledge.reward_reserved = False
    return True


def remaining(reward):
    if reward.quantity_limit is None:
        return None
    stock = RewardStock.objects.filter(reward=reward).first()
    return max(0, reward.quantity_limit - (stock.claimed if stock else 0))
