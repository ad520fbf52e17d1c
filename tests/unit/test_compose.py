"""What a reader gets for each kind of question, from the engine alone: the facts and figures asked about, in the
article's words, opened with Yes / No where the article decides, computed from the knowledge file, or declined."""

import shutil

import pytest

from actions import knowledge_base
from tests.conftest import ROOT, Conversation


def opening(text: str) -> str:
    return text.replace("*", "").split()[0].strip(".,:").lower()


# ---- one fact ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "question, role, quoted",
    [
        ("Who handles upselling?", "account manager", "upsell services or products"),
        ("which of the two builds the schedule", "project manager", "Planning the entire project"),
        ("who is the main point of contact between clients and the internal team?", "account manager", "main contact"),
        ("whose job is it to keep stakeholders in the loop on progress", "project manager", "stakeholders updated"),
    ],
)
def test_who_does_what_names_the_role_and_quotes_the_fact(talk, question, role, quoted):
    reply = talk.ask(question)
    assert reply.startswith(f"**The {role}.**"), reply
    assert quoted in reply


def test_a_specific_fact_is_quoted_with_its_section_not_an_overview(talk):
    reply = talk.ask("What tools does the article mention for project managers?")
    assert "Gantt charts or Kanban boards" in reply and "(Skills Needed for Each Role)" in reply
    assert "six differences" not in reply


# ---- yes / no ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "question, first, evidence",
    [
        ("Do project managers usually get involved in sales?", "no", "usually not involved in sales"),
        ("are account managers involved in sales?", "yes", "often involved in sales"),
        ("Is an account manager always involved in the technical details?", "no", "may not always"),
        ("Does problem-solving matter much for a PM?", "yes", "problem-solving skills"),
        ("Is the project manager role the more strategic one?", "no", "Account Managers are more strategic"),
        ("Is it the account manager who keeps customers happy?", "yes", "satisf"),
        ("Do account managers plan projects from start to finish?", "no", "Planning the entire project"),
    ],
)
def test_yes_no_opens_with_the_articles_answer(talk, question, first, evidence):
    reply = talk.ask(question)
    assert opening(reply) == first, reply
    assert evidence in reply


def test_a_hedged_yes_keeps_the_articles_hedge(talk):
    assert talk.ask("do PMs need to know gantt charts or kanban boards?").startswith("**Yes**, often")


def test_swapped_roles_are_called_out(talk):
    reply = talk.ask("So account managers are the operational ones and PMs are the strategic ones?")
    assert reply.startswith("**No**, it's the other way round")


# ---- several parts -----------------------------------------------------------------------------------------------
def test_every_part_of_a_message_is_answered(talk):
    reply = talk.ask("What does a PM earn, and is demand growing?")
    assert "$90,074" in reply and "33%" in reply and "2.1 million" in reply


def test_two_which_questions_get_two_roles(talk):
    reply = talk.ask("Which role is more strategic, and which one sells?")
    assert reply.count("**The account manager.**") == 2 and "more strategic" in reply and "upsell" in reply


def test_a_covered_and_an_uncovered_part(talk):
    reply = talk.ask("What's the average account manager salary, and do they usually get a bonus on top?")
    assert "$70,110" in reply and "doesn't cover bonuses" in reply


# ---- figures -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "claim, first, figure",
    [
        ("PMs make around 60k, right?", "no", "$90,074"),
        ("is about 70k right for an AM?", "yes", "$70,110"),
        ("PMs earn roughly 30k more than AMs on average, right?", "no", "$19,964"),
        ("The BLS says project management jobs will grow 25% by 2027, correct?", "no", "33%"),
        ("The article lists five differences between the roles, right?", "no", "6"),
    ],
)
def test_a_stated_figure_is_confirmed_or_corrected(talk, claim, first, figure):
    reply = talk.ask(claim)
    assert opening(reply) == first, reply
    assert figure in reply


@pytest.mark.parametrize(
    "question, result",
    [
        ("How much more does a PM make than an AM on average?", "$19,964"),
        ("By what percentage does the average PM salary exceed the average AM salary?", "28.5%"),
        ("How much wider is the AM pay range than the PM one?", "$7,414"),
        ("How much higher is the top of the PM range than the top of the AM range?", "$11,953"),
        ("How many times more new PM positions are projected than new AM roles?", "88 times"),
        ("if you average the two average salaries what do you get", "$80,092"),
    ],
)
def test_arithmetic_on_the_articles_figures(talk, question, result):
    assert result in talk.ask(question)


def test_is_the_am_top_of_range_above_the_pm_average(talk):
    reply = talk.ask("Is the AM top of range above the PM average?")
    assert opening(reply) == "yes" and "$129,796" in reply and "$90,074" in reply


def test_computed_figures_follow_the_knowledge_file(tmp_path):
    shutil.copytree(ROOT / "knowledge", tmp_path / "k")
    path = tmp_path / "k" / "article.yml"
    path.write_text(path.read_text().replace("average: 70110", "average: 80000"))
    talk = Conversation(knowledge_base.load(tmp_path / "k"))
    assert "$10,074" in talk.ask("how many dollars more does a PM make?")


# ---- what the article does not give -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "question, closest",
    [
        ("How many account manager jobs will there be by 2030?", "23,800"),
        ("What's a key account manager's salary?", "$70,110"),
        ("how much does a project manager make per hour?", "$90,074"),
        ("what do account managers earn in London", "$70,110"),
        ("how many years of experience do I need to be a PM?", "organizational skills"),
    ],
)
def test_a_near_miss_says_what_is_missing_then_what_is_closest(talk, question, closest):
    reply = talk.ask(question)
    assert "doesn't" in reply and closest in reply


@pytest.mark.parametrize("question", ["who wrote this article?", "when was the article published?"])
def test_what_the_article_says_of_itself(talk, question):
    assert "doesn't" in talk.ask(question) and "BrainWaveTrail.com" in talk.ask(question)


def test_small_talk_is_a_friendly_decline_not_a_goodbye(talk):
    reply = talk.ask("know any jokes?")
    assert "account managers and project managers" in reply and "bye" not in reply.lower()


# ---- the person ----------------------------------------------------------------------------------------------
def test_personal_context_applies_the_fit_factors(talk):
    reply = talk.ask("I taught school for ten years and love organising things, which one suits me?")
    assert "**project management**" in reply and "organizing tasks" in reply
    assert "doesn't cover" not in reply


# ---- the conversation ----------------------------------------------------------------------------------------
def test_corrections_redo_the_last_answer_for_the_other_role(talk):
    talk.ask("what skills does a project manager need")
    reply = talk.ask("no, I meant account managers")
    assert "interpersonal skills" in reply and "organizational" not in reply


def test_who_says_so_names_the_source_of_the_figure_just_given(talk):
    talk.ask("how many new PM jobs are coming?")
    assert "Bureau of Labor Statistics" in talk.ask("who says so?")
    talk.ask("and for account managers?")
    assert "doesn't name a source" in talk.ask("where's that figure from?")


def test_numbered_references_to_the_list_just_shown(talk):
    talk.ask("what are the differences?")
    assert "Project Managers deal with short-term projects" in talk.ask("tell me more about the timeline one")
    assert "task-focused" in talk.ask("and the fourth one?")


def test_a_detour_does_not_lose_the_thread(talk):
    talk.ask("what does a project manager do?")
    talk.ask("what's the weather like?")
    assert "$90,074" in talk.ask("and what do they earn?")


def test_chat_style_is_understood_like_the_tidy_question(talk):
    assert "$90,074" in talk.ask("@careerbot whats the avg $$ for a proj mgr lol :thinking_face: 💰")


# ---- long conversations (this round's classes) -------------------------------------------------------------------
def test_the_other_role_after_two_questions_answers_both_again(talk):
    talk.ask("what does an AM do? and what skills do they need?")
    reply = talk.ask("and PMs?")
    assert "overseeing specific projects" in reply and "organizational skills" in reply
    assert "interpersonal skills" not in reply


def test_the_other_one_after_a_suggestion_and_why_gives_the_other_roles_fit(talk):
    talk.ask("Which role suits someone who likes organising tasks and leading teams?")
    talk.ask("why?")
    assert "Account management may be a better fit" in talk.ask("and the other one?")


def test_same_question_with_a_new_figure_checks_the_new_figure(talk):
    talk.ask("the AM offer is 65k. is that below average?")
    reply = talk.ask("and the PM offer is 85k, same question")
    assert "85k" in reply and "65k" not in reply and "$90,074" in reply


def test_either_or_about_a_figure_says_what_it_is(talk):
    talk.ask("what's the PM job outlook?")
    reply = talk.ask("is the 2.1 million new jobs or total jobs?")
    assert "new positions" in reply and "2,123,800" not in reply and not reply.startswith("**Yes")
    assert "23,800" in talk.ask("no wait, I meant for AMs")


def test_us_or_uk_is_answered_with_the_country_the_figures_are_for(talk):
    talk.ask("what does a project manager make on average?")
    assert "U.S." in talk.ask("is that US or UK?")
    talk.ask("do you have the UK number?")
    assert "$70,110" in talk.ask("fine. and account managers in the US?")


def test_what_are_they_after_a_count_lists_them(talk):
    talk.ask("how many skills does a PM need?")
    reply = talk.ask("what are they?")
    assert "organizational skills" in reply and "problem-solving" in reply and "Gantt" in reply


def test_which_item_of_a_list_is_about_something(talk):
    assert "6. Sales Involvement" in talk.ask("which of the six is about bringing in more business?")
    assert "4. Communication Style" in talk.ask("which difference is about talking style?")


def test_a_figure_in_the_background_is_what_that_means(talk):
    reply = talk.ask("I'm budgeting to hire one PM at the average US salary. what's that per month?")
    assert "$7,506" in reply
    assert "$160,184" in talk.ask("and both together per year?")


def test_months_a_project_takes_is_declined_with_the_timeline_difference(talk):
    reply = talk.ask("how many months do PM projects usually take?")
    assert "doesn't cover" in reply and "set time frame" in reply


def test_gibberish_is_asked_again_and_a_thanks_does_not_swallow_a_question(talk):
    assert "not sure I understood" in talk.ask("qwpoeiru zxmcnv")
    assert "Gantt" in talk.ask("ty 🙏 which 1 needs gantt charts")


def test_one_head_noun_for_both_roles_and_a_role_named_before_the_question(talk):
    reply = talk.ask("I like taking things from start to finish against a deadline. Account or project manager?")
    assert "**project management**" in reply
    talk.ask("how often do AMs interact with clients?")
    assert talk.ask("what about PMs, are they into sales?").startswith("**No**, usually not")


def test_back_to_an_earlier_topic_takes_the_role_that_question_was_about(talk):
    talk.ask("How much does an account manager make?")
    talk.ask("what skills do they need?")
    talk.ask("and the other role?")
    assert "$90,074" in talk.ask("going back to pay - what does the other one earn on average?")


def test_a_gap_stated_as_an_amount_more_is_checked_against_the_computed_gap(talk):
    reply = talk.ask("so pms make like 20k more?")
    assert reply.startswith("**Yes**") and "$19,964" in reply and reply.count("**Yes") == 1
    reply = talk.ask("AMs make 30k less, right?")
    assert reply.startswith("**No**") and "$19,964" in reply
    assert talk.ask("do AMs make 20k more than PMs?").startswith("**No.** The average project manager")


def test_an_elliptic_follow_up_to_a_yes_no_question_is_answered_yes_or_no(talk):
    talk.ask("do project managers handle budgets?")
    assert talk.ask("and resources?").startswith("**Yes")
    talk.ask("does the AM job involve selling?")
    assert talk.ask("ugh. what about pms and sales").startswith("**No**")
    assert "Skills project managers need" in talk.ask("and the skills they need?")


def test_the_role_one_repeats_the_last_question_for_that_role(talk):
    talk.ask("what do pms earn?")
    assert "$70,110" in talk.ask("what's the am one")


def test_which_role_is_decided_by_the_word_only_one_side_has(talk):
    assert talk.ask("which role talks in a more conversational way").startswith("**The account manager.**")
    assert talk.ask("who talks in a more direct way?").startswith("**The project manager.**")


def test_near_misses_about_figures_open_honestly(talk):
    reply = talk.ask("does the article give a growth percentage for account managers at all?")
    assert reply.startswith("**No") and "23,800" in reply
    assert "doesn't cover" in talk.ask("what will the average AM salary be in 2027?")
    reply = talk.ask("Are both career paths expected to grow?")
    assert reply.startswith("**Yes") and "23,800" in reply and "2.1 million" in reply
    talk.ask("whats the growth for acct mgrs")
    reply = talk.ask("is the 2.1m per year")
    assert reply.startswith("**No**") and "2027" in reply


def test_the_last_section_and_tools_talked_about_are_what_they_name(talk):
    talk.ask("what are the differences?")
    assert "distinct value each role brings" in talk.ask("what does the last section say about the two roles")
    talk.ask("what skills does a PM need?")
    assert "Gantt" in talk.ask("what sort of tools are we talking about?")


def test_the_figure_just_given_is_checked_for_the_other_role(talk):
    talk.ask("the PM's top typical salary is $141,749?")
    reply = talk.ask("and that's the same as the top for account managers?")
    assert reply.startswith("**No**") and "$129,796" in reply
    talk.ask("how fast will PM jobs grow?")
    reply = talk.ask("is that growth for AMs too?")
    assert reply.startswith("**No**") and "23,800" in reply
    talk.ask("what's the AM job outlook?")
    assert talk.ask("and is the account manager job growing too?").startswith("**Yes")


def test_a_source_question_about_the_am_figure_names_the_one_source_the_article_gives(talk):
    talk.ask("how many new AM jobs are expected?")
    reply = talk.ask("Is that one from the BLS as well?")
    assert reply.startswith("**No") and "doesn't name a source" in reply and "Bureau of Labor Statistics" in reply


def test_a_parallel_second_part_asks_the_first_parts_question(talk):
    reply = talk.ask("What's the gap between the averages, and between the top ends of the ranges?")
    assert "$19,964" in reply and "$11,953" in reply


def test_a_tagged_claim_after_and_is_checked(talk):
    talk.ask("what's the timeline difference?")
    assert talk.ask("ok, and account managers mostly do short-term work, correct?").startswith("**No")


def test_a_recall_then_a_question_answers_the_question(talk):
    talk.ask("what does an account manager actually do day to day?")
    reply = talk.ask("going back to the first thing u said about AMs - are they always in the technical details?")
    assert reply.startswith("**No**, not always") and "may not always" in reply
    reply = talk.ask(
        "back to my first msg - relationships is the AM side, right? and is AM more strategic or operational?"
    )
    assert reply.startswith("**Yes.**") and "Account Managers are more strategic" in reply


def test_open_ended_is_the_long_term_side_and_not_job_openings(talk):
    talk.ask("what's the timeline difference?")
    reply = talk.ask("are PM projects open-ended?")
    assert reply.startswith("**No") and "set time frame" in reply


def test_what_a_named_tool_is_is_declined_and_does_not_become_the_thread(talk):
    talk.ask("what skills does a PM need?")
    reply = talk.ask("What is a Kanban board, exactly?")
    assert "doesn't cover" in reply and "Gantt charts or Kanban boards" in reply
    assert "interpersonal skills" in talk.ask("ok. now the same for account managers")


def test_they_compared_with_the_other_role_is_about_they(talk):
    talk.ask("does the PM handle the internal logistics?")
    reply = talk.ask("do they interact with clients continuously like AMs?")
    assert reply.startswith("**No.**") and "planning and execution" in reply
    talk.ask("what do PMs do?")
    assert talk.ask("do they make less than AMs?").startswith("**No.**")


def test_a_statement_naming_the_topic_of_a_later_question_is_not_answered_first(talk):
    talk.ask("what do AMs make?")
    reply = talk.ask("ok so just base pay then. the AM offer is 65k. is that below average?")
    assert reply.startswith("**Yes.** 65k is below") and "typical earnings ranging" not in reply


def test_which_item_covers_that_is_the_one_just_discussed(talk):
    talk.ask("is the AM strategic or operational?")
    assert talk.ask("which of the six differences covers that?").startswith("**5. Strategic vs Operational**")


def test_you_mentioned_a_word_then_why_is_about_that_sentence(talk):
    talk.ask("what skills do account managers need?")
    reply = talk.ask("you mentioned communication there - what's it for?")
    assert "keeping clients updated and managing expectations" in reply and "interpersonal" not in reply


def test_does_it_apply_to_is_not_a_job_application(talk):
    assert "career paths" not in talk.ask("does the sales difference apply to PMs?")
    assert "career paths" in talk.ask("how do I apply for a PM job?")


def test_sources_and_figures_asked_in_other_words(talk):
    assert "Bureau of Labor Statistics" in talk.ask("Who is behind the forecast of 33% growth in PM jobs?")
    reply = talk.ask("Where do the salary numbers in the article come from?")
    assert "doesn't name a source for its salary figures" in reply and "Bureau of Labor Statistics" in reply
    reply = talk.ask("So the BLS expects project management jobs to grow 25%?")
    assert reply.startswith("**No**: the article gives 33%")
    reply = talk.ask("By which year will those 23,800 account manager roles be added?")
    assert "doesn't cover a year" in reply and "coming decade" in reply


def test_is_one_role_simply_better_is_answered_no_it_depends(talk):
    assert talk.ask("Does the article say project management is simply the better career?").startswith("**No**")


def test_a_possessive_at_the_end_of_a_part_asks_the_same_for_that_role(talk):
    reply = talk.ask("What's an AM's average salary, what's a PM's, and how big is the gap?")
    assert "$70,110" in reply and "$90,074" in reply and "$19,964" in reply
    assert "What a project manager does" not in reply
    talk.ask("what's the average salary for AMs?")
    assert "$90,074" in talk.ask("And the other role's, for comparison?")


def test_words_that_describe_the_role_are_not_what_is_asked(talk):
    talk.ask("which role is more strategic?")
    reply = talk.ask("ok, the strategic one - which skills does it need?")
    assert "interpersonal skills" in reply and "communication skills" in reply
    talk.ask("what are the six differences?")
    assert "upsell" in talk.ask("ok and the sales one, who does that?")


def test_lowercase_am_before_is_or_equals_is_the_role(talk):
    reply = talk.ask("so basically am = relationships and pm = deadlines?")
    assert opening(reply) == "yes", reply
    assert "relationships" in reply and "deadlines" in reply


def test_swapped_claims_are_judged_on_what_tells_them_apart(talk):
    reply = talk.ask("AMs do the short-term project work and PMs keep the long-term client relationships, yes?")
    assert reply.startswith("**No**, it's the other way round"), reply


def test_a_wish_then_which_one_asks_which_role_it_describes(talk):
    reply = talk.ask("I'd like the job that pays more on average. Which one would that be?")
    assert reply.startswith("**The project manager.**") and "$90,074" in reply
    reply = talk.ask("I'd prefer a role with less selling - which would it be?")
    assert reply.startswith("**The project manager.**"), reply


def test_what_else_besides_one_duty_lists_the_duties(talk):
    talk.ask("what does an account manager do?")
    reply = talk.ask("and apart from keeping clients happy, what does that role do?")
    assert "main contact between clients and internal teams" in reply, reply


def test_a_named_end_of_the_range_is_checked_alone(talk):
    reply = talk.ask("does the top of the AM salary range go past 125k?")
    assert opening(reply) == "yes" and "$129,796" in reply
    assert "average" not in reply.lower().split("\n")[1], reply


def test_an_item_then_a_question_about_it_answers_the_question(talk):
    talk.ask("what are the differences between the two?")
    reply = talk.ask("the fifth one - does that hold for AMs as well?")
    assert opening(reply) in ("yes", "no", "partly"), reply
    talk.ask("list the PM duties")
    reply = talk.ask("number 4, do AMs do that too?")
    assert opening(reply) == "no", reply
    assert "budgets" in reply


def test_a_request_is_not_a_yes_no_question_but_a_question_after_it_is(talk):
    assert not talk.ask("remind me, pm avg salary?").startswith("**Yes")
    assert opening(talk.ask("tell me, are AMs involved in sales?")) == "yes"


def test_a_named_topic_outweighs_should_i(talk):
    reply = talk.ask("what should i brush up on, skill-wise, for a PM interview?")
    assert "organizational skills" in reply, reply
    reply = talk.ask("and if I applied to the other role instead?")
    assert "interpersonal skills" in reply, reply


@pytest.mark.parametrize(
    "question, role, quoted",
    [
        ("which of the two roles doesn't do any selling?", "project manager", "usually not involved in sales"),
        ("which job is less strategic?", "project manager", "more operational"),
        ("which role isn't about short projects?", "account manager", "over a long period"),
        ("who deals with clients less often?", "project manager", "mostly during project planning"),
    ],
)
def test_which_role_is_not_said_to_do_something(talk, question, role, quoted):
    reply = talk.ask(question)
    assert reply.startswith(f"**The {role}.**"), reply
    assert quoted in reply


def test_is_it_their_main_thing_weighs_the_roles_focus(talk):
    reply = talk.ask("is upselling the biggest part of an account manager's job?")
    assert reply.startswith("**Not mainly**") and "building long-term relationships" in reply, reply
    assert opening(talk.ask("is building client relationships the main focus of AMs?")) == "yes"
    talk.ask("what's the PM salary range?")
    reply = talk.ask("going back, you said AMs often do sales - is that the biggest part of their job though?")
    assert reply.startswith("**Not mainly**"), reply
    assert "$" not in reply


def test_a_monthly_claim_is_checked_against_the_yearly_figure_over_12_months(talk):
    reply = talk.ask("so an account manager takes home roughly $5,800 a month on average?")
    assert opening(reply) == "yes" and "$5,842" in reply, reply
    assert "$19,964" not in reply


def test_an_amount_more_than_the_other_role_is_a_gap_claim(talk):
    reply = talk.ask("do account managers earn 25k less than project managers?")
    assert reply.startswith("**No**") and "$19,964" in reply, reply


def test_always_earning_more_is_not_the_average(talk):
    reply = talk.ask("is a project manager guaranteed to out-earn an account manager?")
    assert reply.startswith("**Not necessarily**") and "$129,796" in reply and "$57,237" in reply, reply
    talk.ask("which one earns more on average?")
    assert talk.ask("and is that the case for every single one?").startswith("**Not necessarily**")


def test_a_right_figure_with_the_wrong_period_is_not_quite_right(talk):
    reply = talk.ask("the article expects 23,800 new AM jobs within 3 years, right?")
    assert reply.startswith("**Not quite**") and "coming decade" in reply, reply


def test_a_rough_percentage_is_judged_in_points(talk):
    assert talk.ask("AMs make about 21% less than PMs, yeah?").startswith("**Yes**, roughly")
    assert talk.ask("AMs make about 30% less than PMs, yeah?").startswith("**No**")


def test_a_statement_of_what_the_article_says_is_checked(talk):
    reply = talk.ask("The article claims account managers are task-focused and project managers are conversational.")
    assert reply.startswith("**No**"), reply


def test_a_preface_before_a_colon_does_not_hide_the_questions(talk):
    reply = talk.ask("couple of things: what does a PM earn, and how many new AM roles are expected?")
    assert "$90,074" in reply and "23,800" in reply, reply


def test_asking_which_survey_is_a_source_question_not_the_assessment(talk):
    reply = talk.ask("What survey did the salary figures come from?")
    assert "doesn't name a source" in reply and "Question 1 of 8" not in reply, reply


def test_how_is_your_day_is_answered_as_such(talk):
    reply = talk.ask("hi! how's your day been?")
    assert reply.startswith("I'm doing well"), reply


def test_the_last_one_on_the_list_is_the_last_item_shown(talk):
    talk.ask("what are the differences?")
    reply = talk.ask("last one on the list?")
    assert "Sales Involvement" in reply and "Timeline" not in reply, reply


def test_anything_like_an_item_is_asked_of_the_other_role(talk):
    talk.ask("list the account manager responsibilities")
    reply = talk.ask("does the project manager have anything like #5?")
    assert reply.startswith("**No.**") and "usually not involved in sales" in reply, reply


def test_a_yes_no_naming_a_difference_is_decided_by_its_sides(talk):
    reply = talk.ask("Is project management work usually long-term?")
    assert reply.startswith("**No.**") and "short-term projects" in reply, reply


def test_a_role_and_a_topic_without_a_verb_asks_for_the_figure(talk):
    reply = talk.ask("pm avg salary??")
    assert "$90,074" in reply and "Yes" not in reply, reply


def test_us_then_after_a_region_not_covered_gives_the_us_figure(talk):
    talk.ask("whats the avg pm salary in canada")
    assert "$90,074" in talk.ask("ok us then")


def test_i_meant_the_other_role_quotes_the_sentence_beside_the_last_one(talk):
    talk.ask("Do account managers get involved in the technical details of projects?")
    assert "logistics and details" in talk.ask("sorry, I meant project managers")


def test_an_acknowledgement_and_a_recall_do_not_hide_the_question(talk):
    talk.ask("I love organising things and keeping stuff on schedule.")
    reply = talk.ask("fine. back to what I was asking at the start - would I have to do sales in that job?")
    assert reply.startswith("**No**") and "usually not involved in sales" in reply, reply


def test_a_difference_set_aside_is_not_the_one_answered(talk):
    reply = talk.ask("I was asking about sales involvement, not client interaction, for PMs.")
    assert "Sales Involvement" in reply and "Client Interaction" not in reply, reply


def test_an_item_said_to_sound_like_a_difference_is_judged(talk):
    talk.ask("list the account manager responsibilities")
    reply = talk.ask("the last one sounds like sales, is it?")
    assert reply.startswith("**Yes.**") and "often involved in sales" in reply, reply


def test_what_businesses_should_do_is_the_articles_conclusion(talk):
    assert "match people to tasks" in talk.ask("what does the article say businesses should do about the two roles?")


def test_so_what_are_they_then_is_their_side_of_the_comparison(talk):
    talk.ask("which of them is more strategic?")
    assert "more operational" in talk.ask("so what are PMs then")


def test_asking_whom_the_article_cites_names_its_one_source(talk):
    talk.ask("which of them is more operational?")
    reply = talk.ask("does the article cite anyone at all?")
    assert "Bureau of Labor Statistics" in reply and "no source for its salary figures" in reply, reply


def test_skills_to_build_are_the_roles_skills(talk):
    reply = talk.ask("what skills should I build for the AM route?")
    assert "interpersonal" in reply.lower() and "communication" in reply.lower(), reply


def test_a_share_of_the_gap_can_follow_the_gap_elliptically(talk):
    talk.ask("what's the salary diff between the two on average")
    reply = talk.ask("as a percentage of the AM salary?")
    assert "28.5%" in reply and "77.8%" not in reply, reply


def test_which_one_of_those_picks_the_item_of_the_list_shown(talk):
    talk.ask("What are a PM's main responsibilities?")
    assert "stakeholders updated" in talk.ask("Which one of those involves clients?")


def test_a_bare_number_after_a_salary_in_thousands_is_in_thousands(talk):
    talk.ask("PMs average like 95k right?")
    reply = talk.ask("and AMs around 75?")
    assert reply.startswith("**No**") and "$70,110" in reply, reply
    talk.ask("so the gap's about 20 grand")
    assert "$1,664" in talk.ask("what's that per month")


def test_is_it_a_bls_report_says_whose_article_it_is(talk):
    talk.ask("who wrote it?")
    reply = talk.ask("is it a BLS report?")
    assert reply.startswith("**No.**") and "BrainWaveTrail.com" in reply, reply


def test_the_point_of_the_last_answer_is_its_reason(talk):
    talk.ask("how do account managers communicate?")
    reply = talk.ask("and what's the point of talking like that?")
    assert "build trust" in reply, reply
    assert talk.ask("isn't that what PMs do too?").startswith("**No.**")


def test_the_same_for_the_other_role_after_a_skill_lists_its_skills(talk):
    talk.ask("what skills does an account manager need?")
    talk.ask("the second one - why does it matter?")
    reply = talk.ask("is that the same for the other one?")
    assert reply.startswith("**No.**") and "organizational skills" in reply, reply


def test_a_preamble_about_figuring_out_does_not_pick_the_facts(talk):
    reply = talk.ask(
        "hi, I've been offered an account manager job and I'm trying to figure out what it actually involves"
    )
    assert "An account manager is responsible for" in reply, reply


def test_good_careers_is_the_outlook_and_for_me_is_fit(talk):
    reply = talk.ask("ok and overall, does the article think both are good careers?")
    assert reply.startswith("**Yes.**") and "promising" in reply, reply
    assert talk.ask("is PM a good career for me?").startswith("**It depends**")


def test_can_a_role_earn_under_a_figure_is_judged_on_its_range(talk):
    reply = talk.ask("Can account managers earn under $40k according to the article?")
    assert reply.startswith("**Yes") and "$37,870" in reply, reply


def test_calling_the_figures_uk_ones_is_corrected_but_asking_for_uk_ones_is_declined(talk):
    assert talk.ask("These salary numbers are UK figures, yes?").startswith("**No**")
    assert "doesn't cover" in talk.ask("do you have the UK number for PMs?")


def test_a_claim_with_a_comma_and_a_tag_is_one_claim(talk):
    reply = talk.ask("Project managers handle ongoing, long-term client relationships - that's what the article says?")
    assert reply.startswith("**No"), reply


def test_a_percentile_is_declined_next_to_the_range(talk):
    reply = talk.ask("What's the AM salary range, and what does someone at the 90th percentile earn?")
    assert "$37,870" in reply and "doesn't cover" in reply, reply


def test_how_much_of_the_job_a_limited_sentence_is_opens_partly(talk):
    assert talk.ask("So is the PM basically client-facing?").startswith("**Partly.**")
    assert talk.ask("do PMs deal with clients much?").startswith("**Partly.**")
    assert talk.ask("do project managers talk to clients at all").startswith("**Yes")


def test_staying_with_the_same_client_for_years_is_the_timeline(talk):
    talk.ask("Do project managers stick with the same client for years?")
    reply = talk.ask("Which role does, then?")
    assert "over a long period" in reply, reply


def test_a_yes_no_asked_twice_over_or_after_addressing_the_bot_opens_with_the_answer(talk):
    assert talk.ask("Do project managers typically have sales targets or do sales?").startswith("**No**")
    assert talk.ask("hey bot do pms sell stuff 🤔").startswith("**No**")
    assert talk.ask("n AMs?").startswith("**Yes**")
    assert "sounds closer" not in talk.ask("hi bot") and talk.reply.small_talk == "greeting"


def test_which_role_after_the_outlook_is_the_difference_and_that_role_is_its_answer(talk):
    talk.ask("are both expected to grow?")
    assert "often involved in sales" in talk.ask("which role is more into sales")
    assert "interpersonal skills" in talk.ask("what skills does that role need")


def test_which_of_them_after_a_difference_asks_about_the_roles_not_an_older_list(talk):
    talk.ask("what skills do project managers need?")
    talk.ask("how do AMs communicate with clients compared to PMs")
    reply = talk.ask("which of them is the more strategic one")
    assert "bigger picture" in reply and "One of the 3 skills" not in reply, reply


def test_lists_are_named_by_role_order_and_what_an_item_is_about(talk):
    talk.ask("list the responsibilities of an account manager")
    assert "grow business" in talk.ask("which of those is about growth?")
    assert "Planning the entire project" in talk.ask("now the PM list")
    reply = talk.ask("back to the first list, the one about fixing problems?")
    assert "resolving any issues" in reply and "account managers" in reply, reply


def test_each_person_described_keeps_the_role_suggested_for_them(talk):
    talk.ask("I love organising stuff and leading teams, which job suits me better?")
    reply = talk.ask("my friend is more of a people person, she likes keeping clients happy long term. what about her")
    assert "closer to her" in reply and "account management" in reply, reply
    assert "$70,110" in talk.ask("what would she make") and "$90,074" not in talk.reply.text
    assert "$7,506" in talk.ask("what's my pay per month then roughly")
    assert talk.ask("back to her job - does it involve selling?").startswith("**Yes")


def test_asking_the_bot_for_something_is_not_a_person_described(talk):
    talk.ask("which one would suit me if i love organising stuff")
    talk.ask("and if i like helping clients feel valued?")
    talk.ask("what's the pay like there")
    talk.ask("and the other one?")
    talk.ask("could you also tell me a joke")
    assert "organizational skills" in talk.ask("haha. ok what skills do they need")


def test_the_persons_own_pay_is_compared_not_corrected(talk):
    reply = talk.ask("I currently earn 60k. how far is that from the PM average?")
    assert "$30,074" in reply and not reply.startswith("**No"), reply
    assert "$10,110" in talk.ask("and from the AM average?")
    assert "$30,074" in talk.ask("I make 60k now, how much more would I get as a PM?")
    assert talk.ask("PMs make 60k, right?").startswith("**No**")  # a claim about the article is still checked


def test_a_role_or_a_figure_said_again_is_not_a_request_for_the_assessment(talk):
    from actions.frames import START_ASSESSMENT

    for text in ("AM again?", "the PM one's top end again?", "start over"):
        frames = talk.understanding.understand(text, "restart_assessment", talk.memory, 0.95)
        assert (frames[0].op == START_ASSESSMENT) == (text == "start over"), (text, frames)


def test_is_that_about_the_answer_is_not_a_question_about_the_bot(talk):
    talk.ask("what skills do project managers need?")
    talk.ask("the third one?")
    assert talk.ask("is that a must-have?", "bot_challenge").startswith("**Yes**")
    assert "I'm a bot" in talk.ask("are you a bot?", "bot_challenge")


def test_asking_the_bot_to_do_something_is_not_a_self_description(talk):
    reply = talk.ask("Can you schedule a meeting with my boss for Friday at 3?")
    assert "sounds closer" not in reply and "not something the article covers" in reply, reply


def test_who_questions_after_a_story_are_answered_not_taken_as_personal_context(talk):
    reply = talk.ask(
        "my boss told me I'm going to be working with an account manager and a project manager and I have no clue"
        " who does what. who do I talk to if the client is unhappy? and who do I go to about deadlines??"
    )
    assert "**The account manager.**" in reply and "**The project manager.**" in reply, reply
    assert "sounds closer" not in reply


def test_numbered_questions_are_each_answered(talk):
    reply = talk.ask("1) what does an AM do 2) what does a PM do 3) which one pays more?")
    assert "maintaining strong relationships" in reply and "overseeing specific projects" in reply, reply
    assert "$19,964" in reply


def test_a_bare_possessive_asks_the_question_before_of_that_role(talk):
    reply = talk.ask("1) what's an AM's communication style 2) what's a PM's 3) which of them is more strategic")
    assert "conversational" in reply and "task-focused" in reply and "bigger picture" in reply, reply
    assert "What a project manager does" not in reply
    assert "What a project manager does" in talk.ask("what is an AM's salary? what is a PM?")


def test_a_difference_named_decides_which_role_whatever_other_words_say(talk):
    assert talk.ask("Which role works on short-term assignments?").startswith("**The project manager.**")
    assert talk.ask("which role focuses on retention?").startswith("**The account manager.**")


def test_chat_fragments_are_one_yes_no_question(talk):
    talk.ask("AMs = long term clients? y/n")
    assert talk.ask("pms?? short term?").startswith("**Yes")
    talk.ask("whats an AM do exactly")
    assert talk.ask("ngl sounds kinda salesy?? do they sell").startswith("**Yes")


def test_versus_the_other_role_compares_the_figure_just_given(talk):
    talk.ask("how many new PM jobs are expected?")
    assert "2,076,200" in talk.ask("vs am??")


def test_how_a_role_talks_is_its_style_how_often_is_its_contact(talk):
    assert "conversational" in talk.ask("How do account managers usually talk with clients?")
    assert "task-focused" in talk.ask("and PMs?")
    assert "mostly during project planning" in talk.ask("how often do PMs talk to clients?")


def test_what_else_a_role_needs_is_its_skills(talk):
    talk.ask("what skill backs up the strategic part for AMs")
    assert "interpersonal skills" in talk.ask("and what else do they need skill-wise")
    assert "organizational skills" in talk.ask("what else do PMs need besides tools")


def test_keeping_clients_updated_is_not_keeping_clients(talk):
    reply = talk.ask("Do project managers stick with the same client for years?")
    assert reply.startswith("**No") and "Keeping clients and stakeholders updated" not in reply, reply
    assert talk.ask("do PMs keep clients updated?").startswith("**Yes")
    reply = talk.ask("does the other role do that too?")
    assert reply.startswith("**Yes") and "keeping clients updated" in reply, reply


def test_a_role_checked_after_a_which_question_is_confirmed_or_corrected(talk):
    assert talk.ask("who's the go-between for clients & internal teams? AM right? 👀").startswith("**Yes**")
    talk.ask("which role sells more?")
    assert talk.ask("PM right?").startswith("**No**")


def test_not_wanting_to_sell_leans_to_project_management(talk):
    reply = talk.ask("I really, really don't want to do any selling. Would project management be the better choice?")
    assert reply.startswith("**Yes") and "not sell" in reply, reply


def test_a_forecast_year_is_only_the_figure_of_the_role_it_belongs_to(talk):
    assert "doesn't give a figure for 2027" in talk.ask("How many new account manager jobs will there be by 2027?")
    assert "2.1 million" in talk.ask("how many new PM jobs by 2027?")
    assert "doesn't give a figure for 2027" not in talk.reply.text


def test_where_the_person_comes_from_is_background_to_the_fit_question(talk):
    reply = talk.ask(
        "I've worked retail for 6 years and honestly my favorite part is getting to know the regulars and keeping"
        " them coming back. Which of these jobs would suit me?"
    )
    assert "**account management**" in reply and "doesn't cover" not in reply, reply
    reply = talk.ask(
        "Teacher thinking of leaving education. I'm good at listening to parents and advising them. Which one?"
    )
    assert "**account management**" in reply and "doesn't cover" not in reply, reply
    assert "**project management**" in talk.ask(
        "I do event planning right now - juggling vendors, budgets, timelines. which of the two is closer to what I do?"
    )
    assert "doesn't cover" not in talk.ask("interview for an AM role tmrw 😅 what do they even do all day")


def test_the_persons_own_pay_in_their_own_role(talk):
    assert "$12,110" in talk.ask("I'm an account manager making $58,000. How far below the article's average am I?")
    assert "$9,926" in talk.ask("I'm a PM on 100k. How much above the average is that?")


def test_who_a_role_is_for_is_its_fit(talk):
    reply = talk.ask("What type of person is account management good for? and who is project management better for?")
    assert "building relationships" in reply and "organizing tasks" in reply, reply
    assert "organizational skills" in talk.ask("need a quick list of pm skills asap 🙏")


def test_the_pay_the_person_gave_answers_their_follow_ups(talk):
    reply = talk.ask("I'm a project manager and I make 85k a year. is that above or below average?")
    assert "below the average project manager salary" in reply and not reply.startswith("**"), reply
    assert "$5,074" in talk.ask("how far below exactly?")
    assert talk.ask("is it at least within the typical range?").startswith("**Yes") and "$141,749" in talk.reply.text
    assert talk.ask("so right now I'm earning more than the average AM?").startswith("**Yes")
    assert "65k is below" in talk.ask("is 65k below the AM average?")  # a figure of its own is not their pay


def test_the_roles_people_say_they_hold_are_remembered(talk):
    talk.ask("hi! I'm an account manager at a small marketing agency. what should my main focus be?")
    assert "A project manager is responsible for" in talk.ask(
        "ok and my coworker Dana is our project manager. what's she responsible for?"
    )
    assert "Gantt" in talk.ask("what tools is she supposed to know")
    assert "$70,110" in talk.ask("what's the average salary for my role?")
    assert "sounds closer" not in talk.ask("planning is a project manager's task, right?")
