"""The warm-up the generator process does between getManifest and generate (rpc.serve).

It must leave nothing of that schema-independent work for the request: after it, rendering a
package that uses every template compiles no template.
"""

from __future__ import annotations

from prisma_dart_gen import generate
from prisma_dart_gen.backends import dart, python
from prisma_dart_gen.render import environment
from tests.support.params import load_params


def test_after_warm_up_rendering_compiles_no_template(tmp_path):
    generate.warm_up()
    environments = [dart._environment(), environment("python")]
    compiled = [set(env.cache.keys()) for env in environments]
    assert all(compiled), "warm-up compiled nothing"
    # The sync fixture has both packages and `syncScope`: every module template is rendered.
    result = generate.plan(load_params("sync", tmp_path))
    assert python.SYNC_MODULES.keys() <= {
        str(p) for p in result.outputs[result.config.server_output]
    }
    assert [set(env.cache.keys()) for env in environments] == compiled
