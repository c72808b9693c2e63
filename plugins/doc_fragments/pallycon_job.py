# -*- coding: utf-8 -*-
# Copyright: mediaops.video contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


def _indented(text, spaces):
    """``text`` (YAML lines) with every non-empty line indented by ``spaces`` more."""
    return ''.join((' ' * spaces + line) if line.strip() else line for line in text.strip('\n').splitlines(True)) + '\n'


class ModuleDocFragment(object):

    # The options of one packaging job, written once. pallycon_packaging_job takes them at the top level (one
    # job) and in each item of ``jobs`` (many jobs). DOCUMENTATION, built below from this text, holds both:
    # a doc fragment merges top-level options only, so the ``jobs`` option itself is built here too.
    # (DOCUMENTATION is set after the class: ansible-test reads the literal strings of a fragment's class body.)
    JOB = r'''
options:
  job_name:
    description: The job's name. Required to register.
    type: str
  input_storage_id:
    description: The registered storage (see M(mediaops.video.pallycon_storage)) holding the source files.
    type: str
  contents_path:
    description:
      - Paths of the source MP4 files in the input storage (case-sensitive). Several files are packaged as
        one adaptive stream.
    type: list
    elements: str
  output_storage_id:
    description: The registered storage the packaged result goes to.
    type: str
  output_path:
    description: The path in the output storage.
    type: str
  streaming_format:
    description: The streaming formats to package.
    type: list
    elements: str
    choices: [dash, hls]
  protection:
    description: What to apply; C(watermark) is mandatory, C(drm) optional (sent as C(protect_type)).
    type: list
    elements: str
    choices: [drm, watermark]
    default: [watermark]
  subtitles:
    description: Subtitle files to package with the stream.
    type: list
    elements: dict
    suboptions:
      path:
        description: Path of the subtitle file in the input storage.
        type: str
        required: true
      language:
        description: Language of the subtitle file.
        type: str
  dash_option:
    description: DASH options (not compared with an existing job).
    type: dict
    suboptions:
      min_buffer_time:
        description: MPD minimum buffer time in seconds, 2 or more.
        type: int
      enable_average_bandwidth_mpd:
        description: Use the average bandwidth of each track in the MPD.
        type: bool
  drm_option:
    description: DRM options (not compared with an existing job); the service's defaults apply when unset.
    type: dict
    suboptions:
      multi_key:
        description: Multi-key packaging.
        type: bool
      skip_audio_encryption:
        description: Leave audio tracks unencrypted.
        type: bool
      max_sd_height:
        description: Largest height packaged as an SD track.
        type: int
      max_hd_height:
        description: Largest height packaged as an HD track.
        type: int
      max_uhd1_height:
        description: Largest height packaged as a UHD track.
        type: int
      clear_lead:
        description: Seconds left unencrypted at the start.
        type: int
      generate_tracktype_manifests:
        description: One manifest per track type for multi-key packaging.
        type: bool
'''


_JOB_OPTIONS = ModuleDocFragment.JOB.split('options:\n', 1)[1]

# pallycon_packaging_job: one job (content_id and the job options) or many (jobs).
ModuleDocFragment.DOCUMENTATION = r'''
options:
  content_id:
    description:
      - The content id (CID, at most 200 bytes), the job's identity. Exactly one of O(content_id) and
        O(jobs) is required.
    type: str
''' + _indented(_JOB_OPTIONS, 0) + r'''  jobs:
    description:
      - Many jobs at once, each with the options of a single job (O(content_id) required in each).
    type: list
    elements: dict
    suboptions:
      content_id:
        description: The content id (CID, at most 200 bytes), the job's identity.
        type: str
        required: true
      id:
        description: With O(on_unknown_outcome=adopt), the job id to record for this content id.
        type: str
''' + _indented(_JOB_OPTIONS, 4)
