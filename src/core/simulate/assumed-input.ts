// A stand-in input shape for a model that declares none, so the panel can still draw its
// gradient flow — labelled as an assumption on screen. Rules never use it: no finding is
// made from a guess.

import type { LayerIR, ModelIR } from '../ir';

export interface AssumedInput {
  /** The model with the assumed shape on its first layer. */
  model: ModelIR;
  shape: number[];
  /** Why this shape, in words that follow "assuming (…)". */
  basis: string;
}

/** Image side and channels assumed for convolutions: a small RGB image. */
const IMAGE_SIDE = 32;
const IMAGE_CHANNELS = 3;
/** Sequence length assumed for embeddings and 1-D convolutions. */
const SEQUENCE_LENGTH = 32;

function declaresInput(model: ModelIR): boolean {
  for (const layer of model.layers) {
    if (layer.inputShape) return true;
    if (layer.role !== 'input') break;
  }
  return false;
}

function assumption(first: LayerIR): { shape: number[]; basis: string } | undefined {
  const units = first.units;
  // PyTorch states the channels a convolution takes (in_channels): only the length or side is assumed.
  const stated = first.config.in_channels;
  const channels = typeof stated === 'number' && Number.isInteger(stated) && stated > 0 ? stated : undefined;
  const channelWords = channels === undefined ? '' : ` with ${channels} channel${channels === 1 ? '' : 's'}`;
  switch (first.kind) {
    case 'Dense':
      return units === undefined ? undefined : { shape: [units], basis: `as many inputs as its first layer has units` };
    case 'Embedding':
      return { shape: [SEQUENCE_LENGTH], basis: `sequences of ${SEQUENCE_LENGTH} tokens` };
    case 'Conv1D':
    case 'SeparableConv1D':
    case 'DepthwiseConv1D':
    case 'Conv1DTranspose':
      return channels === undefined
        ? { shape: [SEQUENCE_LENGTH, IMAGE_CHANNELS], basis: `sequences of ${SEQUENCE_LENGTH} steps with ${IMAGE_CHANNELS} channels` }
        : { shape: [SEQUENCE_LENGTH, channels], basis: `sequences of ${SEQUENCE_LENGTH} steps${channelWords}, as its first layer takes` };
    case 'Conv2D':
    case 'SeparableConv2D':
    case 'DepthwiseConv2D':
    case 'Conv2DTranspose':
      return channels === undefined
        ? { shape: [IMAGE_SIDE, IMAGE_SIDE, IMAGE_CHANNELS], basis: `${IMAGE_SIDE}×${IMAGE_SIDE} RGB images` }
        : { shape: [IMAGE_SIDE, IMAGE_SIDE, channels], basis: `${IMAGE_SIDE}×${IMAGE_SIDE} images${channelWords}, as its first layer takes` };
    case 'Conv3D':
    case 'Conv3DTranspose':
      return channels === undefined ? { shape: [16, 16, 16, 1], basis: 'single-channel 16×16×16 volumes' } : { shape: [16, 16, 16, channels], basis: `16×16×16 volumes${channelWords}, as its first layer takes` };
    default:
      return undefined;
  }
}

/** The model with an assumed input shape, or undefined when it declares one or none can be assumed. */
export function assumeInputShape(model: ModelIR): AssumedInput | undefined {
  if (declaresInput(model)) return undefined;
  const index = model.layers.findIndex((layer) => layer.role !== 'input');
  if (index < 0) return undefined;
  const found = assumption(model.layers[index]);
  if (!found) return undefined;
  const layers = model.layers.map((layer, i) => (i === index ? { ...layer, inputShape: found.shape } : layer));
  return { model: { ...model, layers }, ...found };
}
