// quake: fast approximate exponential non-linearities (QuAKE). Include this for everything.
#pragma once

#include <quake/activations.hpp>
#include <quake/config.hpp>
#include <quake/exp.hpp>
#include <quake/half.hpp>
#include <quake/registry.hpp>
#include <quake/softmax.hpp>
