# Dense-prediction necks and heads in the style of current segmentation and detection code: FPN / PAN
# necks over lists and dicts of feature maps, a UNet decoder block that resizes before concatenating a
# skip, ASPP with a global-pool branch, anchors built from feature-map sizes in forward, box decoding,
# top-k and confidence filtering, NMS stand-ins, a train/eval switch and a YOLO-style cached grid.
# FX makes a list or dict input ONE Proxy (iterating it, zip() and len() fail; indexing it by a constant
# key traces); under torch.export the same input is a real list of fake tensors, and boolean-mask
# filtering gives data-dependent sizes that a later Python decision cannot guard on.
# The oracle runs every class in eval mode: `if self.training:` branches are not on the traced path.
import math
from collections import OrderedDict
from typing import Dict, List

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor


def conv_bn_act(cin, cout, k=3, stride=1, dilation=1):
    return nn.Sequential(
        nn.Conv2d(cin, cout, k, stride=stride, padding=dilation * (k // 2), dilation=dilation, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(inplace=True),
    )


def pairwise_iou(a, b):
    area_a = (a[:, 2] - a[:, 0]).clamp(min=0) * (a[:, 3] - a[:, 1]).clamp(min=0)
    area_b = (b[:, 2] - b[:, 0]).clamp(min=0) * (b[:, 3] - b[:, 1]).clamp(min=0)
    lt = torch.max(a[:, None, :2], b[None, :, :2])
    rb = torch.min(a[:, None, 2:], b[None, :, 2:])
    wh = (rb - lt).clamp(min=0)
    inter = wh[..., 0] * wh[..., 1]
    return inter / (area_a[:, None] + area_b[None, :] - inter + 1e-6)


class FPNNeck(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def __init__(self, in_channels=(8, 12, 16), out_channels=8):
        super().__init__()
        self.lateral_convs = nn.ModuleList(nn.Conv2d(c, out_channels, 1) for c in in_channels)
        self.output_convs = nn.ModuleList(nn.Conv2d(out_channels, out_channels, 3, padding=1) for _ in in_channels)

    def forward(self, feats):
        laterals = [conv(f) for conv, f in zip(self.lateral_convs, feats)]  # expect: FX105 "feats"
        for i in range(len(laterals) - 1, 0, -1):
            lateral = laterals[i - 1]
            laterals[i - 1] = lateral + F.interpolate(laterals[i], size=lateral.shape[-2:], mode="nearest")
        return [conv(lat) for conv, lat in zip(self.output_convs, laterals)]


class DictFPN(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable
    def __init__(self, in_channels=None, out_channels=8):
        super().__init__()
        in_channels = in_channels or {"c3": 8, "c4": 12, "c5": 16}
        self.in_keys = list(in_channels)
        self.inner = nn.ModuleDict({k: nn.Conv2d(c, out_channels, 1) for k, c in in_channels.items()})
        self.layer = nn.ModuleDict({k: conv_bn_act(out_channels, out_channels) for k in in_channels})

    def forward(self, feats: Dict[str, Tensor]):
        names = self.in_keys
        inner = [self.inner[k](feats[k]) for k in names]
        last = inner[-1]
        results = [self.layer[names[-1]](last)]
        for idx in range(len(inner) - 2, -1, -1):
            lateral = inner[idx]
            last = lateral + F.interpolate(last, size=lateral.shape[-2:], mode="nearest")
            results.insert(0, self.layer[names[idx]](last))
        return OrderedDict(zip(names, results))


class PANBottomUp(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=p3:2,3]: specialized
    def __init__(self, in_channels=(8, 12, 16), width=8):
        super().__init__()
        self.lateral = nn.ModuleList(nn.Conv2d(c, width, 1) for c in in_channels)
        self.downsample = nn.ModuleList(conv_bn_act(width, width, stride=2) for _ in in_channels[1:])
        self.fuse = nn.ModuleList(conv_bn_act(2 * width, width, 1) for _ in in_channels[1:])

    def forward(self, p3, p4, p5):
        inner = [lat(p) for lat, p in zip(self.lateral, (p3, p4, p5))]
        for i in range(len(inner) - 1, 0, -1):
            inner[i - 1] = inner[i - 1] + F.interpolate(inner[i], size=inner[i - 1].shape[-2:], mode="nearest")
        outs = [inner[0]]
        for i, down in enumerate(self.downsample):
            d = down(outs[-1])
            nxt = inner[i + 1]
            if d.shape[-2:] != nxt.shape[-2:]:  # expect: FX101 "d.shape"  # expect[export dynamic=p3:2,3]: EX301 "d.shape"
                d = F.interpolate(d, size=nxt.shape[-2:], mode="nearest")
            outs.append(self.fuse[i](torch.cat([d, nxt], dim=1)))
        return tuple(outs)


class UNetDecoderBlock(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:2,3 skip:2,3]: specialized
    def __init__(self, cin=16, cskip=8, cout=8):
        super().__init__()
        self.conv1 = conv_bn_act(cin + cskip, cout)
        self.conv2 = conv_bn_act(cout, cout)

    def forward(self, x, skip):
        x = F.interpolate(x, scale_factor=2.0, mode="nearest")
        if x.shape[-2:] != skip.shape[-2:]:  # expect: FX101 "x.shape"  # expect[export dynamic=x:2,3 skip:2,3]: EX301 "x.shape"
            x = F.interpolate(x, size=skip.shape[-2:], mode="bilinear", align_corners=False)
        x = torch.cat([x, skip], dim=1)
        return self.conv2(self.conv1(x))


class ASPP(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:2,3]: exportable
    def __init__(self, cin=8, cout=8, rates=(2, 4)):
        super().__init__()
        branches = [conv_bn_act(cin, cout, 1)]
        branches += [conv_bn_act(cin, cout, 3, dilation=r) for r in rates]
        self.convs = nn.ModuleList(branches)
        self.pool = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Conv2d(cin, cout, 1, bias=False), nn.ReLU())
        self.project = conv_bn_act(cout * (len(rates) + 2), cout, 1)

    def forward(self, x):
        res = [conv(x) for conv in self.convs]
        pool = self.pool(x)
        res.append(F.interpolate(pool, size=x.shape[2:], mode="bilinear", align_corners=False))
        return self.project(torch.cat(res, dim=1))


class SegHead(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:2,3]: exportable
    def __init__(self, num_classes=3, aux=True):
        super().__init__()
        self.backbone = nn.Sequential(conv_bn_act(3, 8, stride=2), conv_bn_act(8, 16, stride=2))
        self.aspp = ASPP(16, 8)
        self.classifier = nn.Conv2d(8, num_classes, 1)
        self.aux_classifier = nn.Conv2d(16, num_classes, 1) if aux else None

    def forward(self, x):
        input_shape = x.shape[-2:]
        feat = self.backbone(x)
        logits = self.classifier(self.aspp(feat))
        result = {"out": F.interpolate(logits, size=input_shape, mode="bilinear", align_corners=False)}
        if self.aux_classifier is not None:
            aux = self.aux_classifier(feat)
            result["aux"] = F.interpolate(aux, size=input_shape, mode="bilinear", align_corners=False)
        return result


class AnchorGrid(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=feat:2,3]: exportable
    def __init__(self, stride=8, sizes=(16, 32), ratios=(0.5, 1.0, 2.0)):
        super().__init__()
        self.stride = stride
        scales = torch.tensor(sizes, dtype=torch.float32)
        h_ratios = torch.sqrt(torch.tensor(ratios))
        ws = ((1 / h_ratios)[:, None] * scales[None, :]).view(-1)
        hs = (h_ratios[:, None] * scales[None, :]).view(-1)
        self.register_buffer("base_anchors", torch.stack([-ws, -hs, ws, hs], dim=1) / 2, persistent=False)

    def forward(self, feat):
        h, w = feat.shape[-2:]
        shifts_x = torch.arange(w, device=feat.device, dtype=torch.float32) * self.stride
        shifts_y = torch.arange(h, device=feat.device, dtype=torch.float32) * self.stride
        shift_y, shift_x = torch.meshgrid(shifts_y, shifts_x, indexing="ij")
        shift_x, shift_y = shift_x.reshape(-1), shift_y.reshape(-1)
        shifts = torch.stack((shift_x, shift_y, shift_x, shift_y), dim=1)
        return (shifts.view(-1, 1, 4) + self.base_anchors.view(1, -1, 4)).reshape(-1, 4)


class MultiLevelAnchors(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def __init__(self, strides=(8, 16)):
        super().__init__()
        self.grids = nn.ModuleList(AnchorGrid(s, sizes=(2 * s,)) for s in strides)

    def forward(self, feats: List[Tensor]):
        anchors = torch.jit.annotate(List[Tensor], [])
        for grid, feat in zip(self.grids, feats):  # expect: FX105 "feats"
            anchors.append(grid(feat))
        return torch.cat(anchors, dim=0)


class BoxDecoder(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable
    def __init__(self, weights=(10.0, 10.0, 5.0, 5.0)):
        super().__init__()
        self.weights = weights

    def forward(self, deltas, anchors):
        wx, wy, ww, wh = self.weights
        widths = anchors[:, 2] - anchors[:, 0]
        heights = anchors[:, 3] - anchors[:, 1]
        ctr_x = anchors[:, 0] + 0.5 * widths
        ctr_y = anchors[:, 1] + 0.5 * heights
        dx, dy = deltas[:, 0] / wx, deltas[:, 1] / wy
        dw = torch.exp((deltas[:, 2] / ww).clamp(max=math.log(1000. / 16)))
        dh = torch.exp((deltas[:, 3] / wh).clamp(max=math.log(1000. / 16)))
        cx, cy = dx * widths + ctr_x, dy * heights + ctr_y
        w, h = dw * widths, dh * heights
        pred = torch.zeros_like(deltas)
        pred[:, 0] = cx - 0.5 * w  # expect: FX117 "pred[:, 0]"
        pred[:, 1] = cy - 0.5 * h  # expect: FX117 "pred[:, 1]"
        pred[:, 2] = cx + 0.5 * w  # expect: FX117 "pred[:, 2]"
        pred[:, 3] = cy + 0.5 * h  # expect: FX117 "pred[:, 3]"
        return pred


class PostProcessScale(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=images:2,3]: exportable
    def forward(self, images, pred_boxes):
        img_h, img_w = images.shape[-2:]
        cx, cy, bw, bh = pred_boxes.sigmoid().unbind(-1)
        boxes = torch.stack([cx - 0.5 * bw, cy - 0.5 * bh, cx + 0.5 * bw, cy + 0.5 * bh], dim=-1)
        scale = torch.tensor([img_w, img_h, img_w, img_h], dtype=torch.float32, device=pred_boxes.device)
        return boxes * scale


class TopKDecode(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=scores:1 boxes:1]: exportable
    def __init__(self, topk=20):
        super().__init__()
        self.topk = topk

    def forward(self, scores, boxes):
        k = min(self.topk, scores.shape[1])  # expect: FX107 "min"
        top_scores, idx = scores.topk(k, dim=1)
        top_boxes = torch.gather(boxes, 1, idx.unsqueeze(-1).expand(-1, -1, 4))
        return top_scores, top_boxes


class ConfidenceNMS(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=boxes:0 scores:0]: exportable
    def __init__(self, score_thresh=0.3, iou_thresh=0.5, max_det=8):
        super().__init__()
        self.score_thresh = score_thresh
        self.iou_thresh = iou_thresh
        self.max_det = max_det

    def forward(self, boxes, scores):
        if boxes.numel() == 0:  # expect: FX101 "boxes.numel()"
            return boxes, scores
        keep = scores > self.score_thresh
        boxes, scores = boxes[keep], scores[keep]
        order = scores.argsort(descending=True)[: self.max_det]
        boxes, scores = boxes[order], scores[order]
        iou = pairwise_iou(boxes, boxes).triu(diagonal=1)
        suppressed = (iou > self.iou_thresh).any(dim=0)
        return boxes[~suppressed], scores[~suppressed]


class GreedyNMS(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: fails  # expect-verdict[export dynamic=boxes:0 scores:0]: fails
    def __init__(self, iou_thresh=0.5):
        super().__init__()
        self.iou_thresh = iou_thresh

    def forward(self, boxes, scores):
        order = scores.argsort(descending=True)
        keep = []
        while order.numel() > 0:  # expect: FX101 "order.numel()"  # expect[export]: EX302  # expect[export dynamic=boxes:0 scores:0]: EX302
            keep.append(order[:1])
            if order.numel() == 1:  # expect: FX101 "order.numel()"  # expect[export]: EX302  # expect[export dynamic=boxes:0 scores:0]: EX302
                break
            ious = pairwise_iou(boxes[order[:1]], boxes[order[1:]])[0]
            order = order[1:][ious <= self.iou_thresh]
        return torch.cat(keep)


class DetectionHead(nn.Module):  # expect-verdict: specialized  # expect-verdict[inputs=x]: specialized  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:0]: exportable
    def __init__(self, cin=8, num_classes=3):
        super().__init__()
        self.num_classes = num_classes
        self.stem = conv_bn_act(cin, cin)
        self.cls_head = nn.Conv2d(cin, num_classes, 3, padding=1)
        self.box_head = nn.Conv2d(cin, 4, 3, padding=1)

    def forward(self, x, targets=None):
        feat = self.stem(x)
        b = x.shape[0]
        cls_logits = self.cls_head(feat).permute(0, 2, 3, 1).reshape(b, -1, self.num_classes)
        box_reg = self.box_head(feat).permute(0, 2, 3, 1).reshape(b, -1, 4)
        if self.training:
            if targets is None:
                raise ValueError("targets are required in training mode")
            num_pos = max(1.0, float(targets["labels"].sum()))
            loss_cls = F.binary_cross_entropy_with_logits(cls_logits, targets["labels"], reduction="sum") / num_pos
            loss_box = F.smooth_l1_loss(box_reg, targets["boxes"], reduction="sum") / num_pos
            return {"loss_cls": loss_cls, "loss_box": loss_box}
        scores = cls_logits.sigmoid().amax(-1)
        boxes = box_reg.tanh() * 16.0
        if torch.jit.is_tracing():  # expect: FX203 "torch.jit.is_tracing()"  # expect[inputs=x]: FX203 "torch.jit.is_tracing()"
            return torch.cat([boxes, scores.unsqueeze(-1)], dim=-1)
        return boxes, scores


class MultiTaskHeads(nn.Module):  # expect-verdict: traceable  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:2,3]: exportable
    def __init__(self):
        super().__init__()
        self.stem = conv_bn_act(3, 8, stride=2)
        self.heads = nn.ModuleDict({"seg": nn.Conv2d(8, 4, 1), "depth": nn.Conv2d(8, 1, 1),
                                    "aux_edges": nn.Conv2d(8, 1, 1)})

    def forward(self, x):
        size = x.shape[-2:]
        feat = self.stem(x)
        out = {}
        for name, head in self.heads.items():
            if name.startswith("aux") and not self.training:
                continue
            y = head(feat)
            if name == "depth":
                y = F.relu(y)
            out[name] = F.interpolate(y, size=size, mode="bilinear", align_corners=False)
        return out


class YoloGridHead(nn.Module):  # expect-verdict: fails  # expect-verdict[export]: exportable  # expect-verdict[export dynamic=x:2,3]: exportable
    def __init__(self, cin=8, num_classes=2, anchors=((10, 13), (16, 30)), stride=8):
        super().__init__()
        self.na = len(anchors)
        self.no = num_classes + 5
        self.stride = stride
        self.conv = nn.Conv2d(cin, self.na * self.no, 1)
        self.register_buffer("anchor_wh", torch.tensor(anchors, dtype=torch.float32).view(1, self.na, 1, 1, 2))
        self.grid = torch.empty(0)

    def _make_grid(self, nx, ny):
        ys, xs = torch.meshgrid(torch.arange(ny), torch.arange(nx), indexing="ij")
        return torch.stack((xs, ys), 2).view(1, 1, ny, nx, 2).float()

    def forward(self, x):
        x = self.conv(x)
        bs, _, ny, nx = x.shape
        x = x.view(bs, self.na, self.no, ny, nx).permute(0, 1, 3, 4, 2).contiguous()
        if self.training:
            return x
        if self.grid.shape[2:4] != x.shape[2:4]:  # expect: FX101 "x.shape"
            self.grid = self._make_grid(nx, ny).to(x.device)
        y = x.sigmoid()
        xy = (y[..., :2] * 2 - 0.5 + self.grid) * self.stride
        wh = (y[..., 2:4] * 2) ** 2 * self.anchor_wh
        return torch.cat((xy, wh, y[..., 4:]), -1).view(bs, -1, self.no)


def _boxes(n, seed):
    g = torch.Generator().manual_seed(seed)
    xy = torch.rand(n, 2, generator=g) * 24
    wh = torch.rand(n, 2, generator=g) * 8 + 2
    return torch.cat([xy, xy + wh], dim=1)


def fxlint_examples():
    pyramid = [torch.randn(1, 8, 16, 16), torch.randn(1, 12, 8, 8), torch.randn(1, 16, 4, 4)]
    image = torch.randn(2, 3, 32, 32)
    scores6 = torch.tensor([0.9, 0.8, 0.2, 0.7, 0.6, 0.4])
    return {
        "FPNNeck": {"make": FPNNeck, "inputs": (pyramid,)},
        "DictFPN": {"make": DictFPN, "inputs": ({"c3": pyramid[0], "c4": pyramid[1], "c5": pyramid[2]},)},
        "PANBottomUp": {"make": PANBottomUp, "inputs": tuple(pyramid),
                        "alt_inputs": (torch.randn(1, 8, 32, 32), pyramid[1], pyramid[2])},
        "UNetDecoderBlock": {"make": UNetDecoderBlock, "inputs": (torch.randn(1, 16, 8, 8), torch.randn(1, 8, 16, 16)),
                             "alt_inputs": (torch.randn(1, 16, 8, 8), torch.randn(1, 8, 17, 17))},
        "ASPP": {"make": ASPP, "inputs": (torch.randn(2, 8, 16, 16),), "alt_inputs": (torch.randn(2, 8, 12, 20),)},
        "SegHead": {"make": SegHead, "inputs": (image,), "alt_inputs": (torch.randn(2, 3, 24, 40),)},
        "AnchorGrid": {"make": AnchorGrid, "inputs": (torch.randn(1, 8, 4, 6),), "alt_inputs": (torch.randn(1, 8, 5, 3),)},
        "MultiLevelAnchors": {"make": MultiLevelAnchors, "inputs": ([torch.randn(1, 8, 4, 4), torch.randn(1, 8, 2, 2)],)},
        "BoxDecoder": {"make": BoxDecoder, "inputs": (torch.randn(6, 4), _boxes(6, 0))},
        "PostProcessScale": {"make": PostProcessScale, "inputs": (image, torch.randn(2, 5, 4)),
                             "alt_inputs": (torch.randn(2, 3, 24, 40), torch.randn(2, 5, 4))},
        "TopKDecode": {"make": TopKDecode, "inputs": (torch.rand(2, 30), torch.randn(2, 30, 4)),
                       "alt_inputs": (torch.rand(2, 12), torch.randn(2, 12, 4))},
        "ConfidenceNMS": {"make": ConfidenceNMS, "inputs": (_boxes(6, 1), scores6),
                          "alt_inputs": (_boxes(9, 2), torch.tensor([0.1, 0.2, 0.9, 0.1, 0.35, 0.05, 0.8, 0.7, 0.6]))},
        "GreedyNMS": {"make": GreedyNMS, "inputs": (_boxes(6, 1), scores6)},
        "DetectionHead": {"make": DetectionHead, "inputs": (torch.randn(2, 8, 8, 8),),
                          "alt_inputs": (torch.randn(3, 8, 8, 8),), "witness": "jit_trace"},
        "MultiTaskHeads": {"make": MultiTaskHeads, "inputs": (image,), "alt_inputs": (torch.randn(2, 3, 24, 40),)},
        "YoloGridHead": {"make": YoloGridHead, "inputs": (torch.randn(1, 8, 4, 6),),
                         "alt_inputs": (torch.randn(1, 8, 5, 3),)},
    }
